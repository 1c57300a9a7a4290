"""Grading: run each submission in its own sandbox and check its answers outside it (``socialties grade``).

- :mod:`~socialties.exercises.grade.command`: the command line; finds and reads submissions, runs the workers,
  writes the gradebook.
- :mod:`~socialties.exercises.grade.gradebook`: the CSV (imports only the result types, never the sandbox).
- :mod:`~socialties.exercises.grade.results`: limits and result types (plain data).
- :mod:`~socialties.exercises.grade.notebook`: reading a submitted notebook.
- :mod:`~socialties.exercises.grade.codec`: plain data in and out of the kernel (handle with care).
- :mod:`~socialties.exercises.grade.kernel`: the resource-limited kernel launcher.
- :mod:`~socialties.exercises.grade.client`: executing the cells with nbclient, reading the answers.
- :mod:`~socialties.exercises.grade.worker`: the per-submission worker process.


Nothing is imported here, so that reading a gradebook never loads the code that runs submissions.
"""
