"""Chapter-specific helpers: one module per chapter, each with its own tests."""
