/* Small, documented fixes of the theme (sphinx-book-theme 1.3 on pydata-sphinx-theme 0.17), on every page.
 *
 * Each fix names the problem it solves; remove it when the theme fixes that problem. Nothing here loads anything.
 */
(function () {
  "use strict";

  // 1. Navigation buttons. The page has two "site navigation" (.primary-toggle) and two "contents"
  //    (.secondary-toggle) buttons: the pydata navbar's, hidden under the book theme, and the book theme's own.
  //    Both themes bind their click handlers with document.querySelector, i.e. to the FIRST, hidden one, so the
  //    visible buttons do nothing at any width. A click on any other toggle is handed to the first one.
  function forwardToggles(selector) {
    var toggles = document.querySelectorAll(selector);
    for (var i = 1; i < toggles.length; i++) {
      toggles[i].addEventListener("click", function (event) {
        event.preventDefault();
        event.stopImmediatePropagation();
        toggles[0].click();
      }, true);
    }
  }

  // 2. Accessible names (axe: label-content-name-mismatch, summary-name, button-name).
  function fixNames() {
    // Buttons that show words ("Search Ctrl+K", "Click to show") but carry an aria-label without those words
    // ("Search", "Toggle hidden content"): speech users say what they see, so the visible words name them.
    document.querySelectorAll("button[aria-label], summary[aria-label]").forEach(function (el) {
      var visible = (el.innerText || "").replace(/\s+/g, " ").trim().toLowerCase();
      if (visible && el.getAttribute("aria-label").toLowerCase().indexOf(visible) < 0) {
        el.removeAttribute("aria-label");
      }
    });
    // Icon-only buttons whose icon is a glyph (the theme's Font Awesome web font): name from the tooltip.
    document.querySelectorAll("button:not([aria-label])").forEach(function (button) {
      if (!(button.textContent || "").trim()) {
        var name = button.getAttribute("title") || button.getAttribute("data-bs-title");
        if (name) {
          button.setAttribute("aria-label", name);
        }
      }
    });
    // The theme switch's icons carry titles ("Light", "Dark", "System") that are not the button's visible text.
    document.querySelectorAll(".theme-switch-button i[title]").forEach(function (icon) {
      icon.removeAttribute("title");
      icon.setAttribute("aria-hidden", "true");
    });
    // The sidebar's expand/collapse arrows are <summary> elements with only an icon in them.
    document.querySelectorAll(".bd-sidebar-primary details > summary, .bd-docs-nav details > summary")
      .forEach(function (summary) {
        if (!(summary.textContent || "").trim() && !summary.getAttribute("aria-label")) {
          var link = summary.parentElement.parentElement.querySelector(":scope > a");
          var title = link ? link.textContent.replace(/\s+/g, " ").trim() : "this section";
          summary.setAttribute("aria-label", "Sections of " + title);
        }
      });
  }

  // 2b. The primary sidebar is a plain <div>: its logo link sits outside every landmark (axe: region). As a named
  //     complementary landmark it holds the logo, the search field and the navigation (<nav> inside it).
  function sidebarLandmark() {
    var sidebar = document.getElementById("pst-primary-sidebar");
    if (sidebar && !sidebar.getAttribute("role")) {
      sidebar.setAttribute("role", "complementary");
      sidebar.setAttribute("aria-label", "Course navigation");
    }
  }

  // 3. Diagrams on a phone: a figure's image scaled down to a 358 px column has unreadable labels. Tapping it
  //    opens the image on its own, where it can be zoomed: Sphinx already links a figure to its image file; a figure
  //    that is not linked gets the link here, and both get a visible "Tap to enlarge" (shown on narrow screens).
  function enlargeableFigures() {
    document.querySelectorAll("article figure img").forEach(function (img) {
      var link = img.closest("a");
      if (!link) {
        link = document.createElement("a");
        link.href = img.currentSrc || img.src;
        img.parentNode.insertBefore(link, img);
        link.appendChild(img);
      } else if (link.getAttribute("href") !== img.getAttribute("src") && !link.classList.contains("image-reference")) {
        return;  // a figure that links somewhere else keeps its link and gets no hint
      }
      link.classList.add("st-enlarge");
      link.title = "Open the image on its own, to zoom in";
      var hint = document.createElement("span");
      hint.className = "st-enlarge-hint";
      hint.setAttribute("aria-hidden", "true");  // the link is named by the image's alt text
      hint.textContent = "Tap to enlarge \u2922";
      link.appendChild(hint);
    });
  }

  // 4. Wide content scrolls inside its own box (see site.css); a scrolling box must be reachable by keyboard
  //    (axe: scrollable-region-focusable), so each one that overflows gets a tab stop and a name.
  function focusableScrollers() {
    var boxes = "article div.math, article mjx-container[display='true'], article .cell_output .output, "
      + "article .cell_output table, article .pst-scrollable-table-container, article .st-chart-scroll";
    document.querySelectorAll(boxes).forEach(function (box) {
      var style = window.getComputedStyle(box);
      var scrolls = style.overflowX === "auto" || style.overflowX === "scroll";
      if (scrolls && box.scrollWidth > box.clientWidth + 1 && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
      }
    });
  }

  function init() {
    forwardToggles(".primary-toggle");
    forwardToggles(".secondary-toggle");
    fixNames();
    sidebarLandmark();
    enlargeableFigures();
    focusableScrollers();
    window.addEventListener("load", function () {
      focusableScrollers();
      var mj = window.MathJax;  // display equations get their width once MathJax has typeset them
      if (mj && mj.startup && mj.startup.promise) {
        mj.startup.promise.then(focusableScrollers);
      }
    });
    window.addEventListener("resize", focusableScrollers);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
