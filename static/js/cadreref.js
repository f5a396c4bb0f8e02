// CadreRef: small progressive enhancements. Every page works without this file.
// - "Copy citation" buttons (hidden until this script shows them)
// - "Print this page" buttons, and the access date printed under a page
// - suggestions under the search box, from the JSON endpoint
// - "On this page": a contents list of a long page, built from its own sections
// - panels that are open on wide screens and folded on phones (details.open-wide)
// - the relations graph opening at its latest years
// - the row of sections on a phone: opening at the current one, focus kept in sight
(function () {
  "use strict";

  function initCopyButtons() {
    if (!navigator.clipboard) {
      return;
    }
    document.querySelectorAll("button.copy-button").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = button.dataset.copy;
        if (button.dataset.copyUrl) {
          var url = new URL(button.dataset.copyUrl, window.location.href);
          url.search = "";
          text += " — " + url.href;
        }
        navigator.clipboard.writeText(text).then(function () {
          var status = document.createElement("span");
          status.className = "copy-status";
          status.setAttribute("role", "status");
          status.textContent = document.documentElement.lang === "vi" ? "Đã chép" : "Copied";
          button.after(status);
          setTimeout(function () { status.remove(); }, 2500);
        });
      });
    });
  }

  // The day the page was read, in the reader's own calendar, for the printed address line.
  function initAccessDate() {
    var vietnamese = document.documentElement.lang === "vi";
    var format = new Intl.DateTimeFormat(vietnamese ? "vi-VN" : "en-GB", vietnamese
      ? { day: "2-digit", month: "2-digit", year: "numeric" }
      : { day: "numeric", month: "long", year: "numeric" });
    document.querySelectorAll("[data-access-date]").forEach(function (element) {
      element.textContent = format.format(new Date());
    });
  }

  function initPrintButtons() {
    document.querySelectorAll("button.print-button").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  // A long page's contents: one entry per section heading, and under a list of key points
  // one entry per key point. The nav is in the page, hidden, so that without this script the
  // page simply has no contents list.
  function initContents() {
    var nav = document.querySelector("nav.page-contents[data-contents]");
    if (!nav) {
      return;
    }
    var list = document.createElement("ol");
    var scope = document.querySelector(nav.dataset.contents) || document;
    scope.querySelectorAll("section[aria-labelledby]").forEach(function (section) {
      var heading = document.getElementById(section.getAttribute("aria-labelledby"));
      if (!heading || section.parentElement.closest("section[aria-labelledby]")) {
        return;
      }
      var item = entry(heading.id, heading.textContent);
      var points = section.querySelectorAll("ol.keypoints > li[id]");
      if (points.length) {
        var sub = document.createElement("ol");
        points.forEach(function (point) {
          var label = point.querySelector(".kp-head");
          var parts = [];
          label.querySelectorAll(".kp-ref, strong").forEach(function (part) { parts.push(part.textContent); });
          var text = parts.join(" ").trim();
          if (!text) {
            // A key point without an article or heading: its first words name it.
            var words = (point.querySelector(":scope > p") || point).textContent.trim().split(/\s+/);
            text = words.slice(0, 8).join(" ") + (words.length > 8 ? "…" : "");
          }
          if (text) {
            sub.appendChild(entry(point.id, text));
          }
        });
        item.appendChild(sub);
      }
      list.appendChild(item);
    });
    nav.querySelector("details").appendChild(list);
    nav.hidden = list.children.length < 2;

    function entry(id, text) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + id;
      link.textContent = text.replace(/\s+/g, " ").trim();
      item.appendChild(link);
      return item;
    }
  }

  // Panels (contents, filters) that a phone folds away and a wide screen keeps open.
  function initWidePanels() {
    var wide = window.matchMedia("(min-width: 64rem)");
    function apply() {
      document.querySelectorAll("details.open-wide").forEach(function (panel) {
        panel.open = wide.matches;
      });
    }
    apply();
    wide.addEventListener("change", apply);
  }

  // A region that should open at its far end (the relations graph: the latest years, where
  // most documents are). Without the script it opens at the start, as any scroller does.
  function initScrollStart() {
    document.querySelectorAll("[data-scroll-start=end]").forEach(function (region) {
      region.scrollLeft = region.scrollWidth;
    });
  }

  // On a phone the sections are one row scrolled sideways (cadreref.css). The row opens with
  // the current section in sight, and a link that takes focus is scrolled fully into it:
  // browsers leave a half-visible one where it is. Only the row scrolls, never the page.
  function initSectionRow() {
    var row = document.querySelector(".site-nav ul");
    if (!row) {
      return;
    }
    var current = row.querySelector("[aria-current=page]");
    if (current && row.scrollWidth > row.clientWidth) {
      var overshoot = current.getBoundingClientRect().right - row.getBoundingClientRect().right;
      if (overshoot > 0) {
        row.scrollLeft += overshoot + row.clientWidth / 4;
      }
    }
    row.addEventListener("focusin", function (event) {
      event.target.scrollIntoView({ block: "nearest", inline: "nearest" });
    });
  }

  function initSuggestions() {
    var form = document.querySelector("form.search-form[data-suggest-url]");
    if (!form || !window.fetch) {
      return;
    }
    var input = form.querySelector("input[type=search]");
    var list = document.createElement("ul");
    list.className = "suggestions";
    list.id = "search-suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    form.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    var timer = null;
    var latest = 0;
    var active = -1;

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function render(suggestions) {
      list.innerHTML = "";
      suggestions.forEach(function (item, index) {
        var li = document.createElement("li");
        var link = document.createElement("a");
        link.href = item.url;
        link.id = "suggestion-" + index;
        link.setAttribute("role", "option");
        var kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = item.kind;
        link.appendChild(kind);
        link.appendChild(document.createTextNode(item.label));
        li.appendChild(link);
        list.appendChild(li);
      });
      list.hidden = suggestions.length === 0;
      input.setAttribute("aria-expanded", suggestions.length ? "true" : "false");
    }

    function move(step) {
      var options = list.querySelectorAll("a");
      if (!options.length) {
        return;
      }
      if (active >= 0) {
        options[active].removeAttribute("aria-selected");
      }
      active = (active + step + options.length) % options.length;
      options[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[active].id);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var query = input.value.trim();
      if (query.length < 2) {
        close();
        return;
      }
      timer = setTimeout(function () {
        var ticket = ++latest;
        var url = form.dataset.suggestUrl + "?q=" + encodeURIComponent(query);
        fetch(url, { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
          .then(function (data) {
            if (ticket === latest) {
              active = -1;
              render(data.suggestions || []);
            }
          })
          .catch(close);
      }, 180);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) {
        return;
      }
      if (event.key === "ArrowDown") {
        event.preventDefault();
        move(1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        move(-1);
      } else if (event.key === "Escape") {
        close();
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = list.querySelectorAll("a")[active].href;
      }
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) {
        close();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initCopyButtons();
    initPrintButtons();
    initAccessDate();
    initContents();
    initWidePanels();
    initScrollStart();
    initSectionRow();
    initSuggestions();
  });
})();
