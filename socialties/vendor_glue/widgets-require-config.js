// Loaded between require.js and the ipywidgets HTML manager on pages with widgets (see socialties/assets.py).
// Each module bundled in the manager finds its fonts next to its own URL, which require.js derives from the
// module's name; mapping the names into this site's copy of the manager makes the fonts load from here, at any page
// depth and under any base path.
(function () {
  var here = document.currentScript.src;
  var manager = here.slice(0, here.lastIndexOf("/") + 1) + "html-manager/";
  var paths = { "@jupyter-widgets/html-manager/dist": manager.slice(0, -1) };
  ["base", "base7", "controls", "controls7", "html-manager", "output"].forEach(function (name) {
    paths["@jupyter-widgets/" + name] = manager + name;
  });
  require.config({ paths: paths });
})();
