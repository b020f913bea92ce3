// Shell behaviour: htmx dialogs, toasts, flash messages. No inline scripts (Content-Security-Policy).
(function () {
  "use strict";
  function toast(message, level) {
    var box = document.getElementById("toasts");
    if (!box) return;
    var el = document.createElement("div");
    var colour = { success: "success", danger: "danger", error: "danger", warning: "warning", info: "primary" }[level] || "primary";
    el.className = "toast align-items-center text-bg-" + colour + " border-0";
    el.setAttribute("role", "alert");
    el.innerHTML = '<div class="d-flex"><div class="toast-body"></div><button type="button" class="btn-close btn-close-white me-2 m-auto" data-bs-dismiss="toast" aria-label="关闭"></button></div>';
    el.querySelector(".toast-body").textContent = message;
    box.appendChild(el);
    new bootstrap.Toast(el, { delay: level === "danger" || level === "error" ? 8000 : 3000 }).show();
  }
  window.sifasuoToast = toast;

  // The CSRF token: read from Django's cookie (its name and the header are on <body>, see core_shell.shell_csrf),
  // sent with every htmx request that changes data and added to the forms marked data-csrf as they are submitted.
  function csrfToken() {
    var name = document.body.dataset.csrfCookie;
    if (!name) return "";
    var prefix = name + "=";
    var found = document.cookie.split(";").map(function (c) { return c.trim(); }).filter(function (c) { return c.indexOf(prefix) === 0; })[0];
    return found ? decodeURIComponent(found.slice(prefix.length)) : "";
  }
  // The form listener first: it must work even if htmx failed to load.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.hasAttribute || !form.hasAttribute("data-csrf") || form.querySelector("input[name=csrfmiddlewaretoken]")) return;
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "csrfmiddlewaretoken";
    input.value = csrfToken();
    form.appendChild(input);
  }, true);
  // The list's export link exports what the list shows: after a filter applied by htmx the address bar holds the
  // new query (an ID number as its key, core/idsearch.py), which the link rendered with the page does not.
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a[data-testid=btn-export]");
    if (!link) return;
    var params = new URLSearchParams(window.location.search);
    params.set("export", "xlsx");
    link.href = window.location.pathname + "?" + params.toString();
  }, true);
  htmx.on("htmx:configRequest", function (e) {
    var token = csrfToken();
    if (e.detail.verb !== "get" && token && document.body.dataset.csrfHeader) e.detail.headers[document.body.dataset.csrfHeader] = token;
  });

  // A saved dialog answers with a toast and HX-Refresh (or HX-Redirect): the page reloads at once, so the toast
  // is kept in sessionStorage and shown by the next page instead of vanishing with this one.
  var PENDING = "sifasuo.toasts";
  var leaving = false;
  function pending() {
    try { return JSON.parse(sessionStorage.getItem(PENDING) || "[]"); } catch (err) { return []; }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var flash = document.getElementById("flash-messages");
    if (flash) flash.querySelectorAll("span").forEach(function (s) { toast(s.textContent, s.dataset.level); });
    pending().forEach(function (t) { toast(t.message, t.level); });
    sessionStorage.removeItem(PENDING);
  });

  htmx.on("htmx:beforeOnLoad", function (e) {
    var xhr = e.detail.xhr;
    leaving = xhr.getResponseHeader("HX-Refresh") === "true" || !!xhr.getResponseHeader("HX-Redirect");
  });
  document.body.addEventListener("toast", function (e) {
    if (!leaving) { toast(e.detail.message, e.detail.level); return; }
    var kept = pending();
    kept.push({ message: e.detail.message, level: e.detail.level });
    sessionStorage.setItem(PENDING, JSON.stringify(kept));
  });

  var dialogEl = document.getElementById("dialog");
  var dialog = dialogEl ? bootstrap.Modal.getOrCreateInstance(dialogEl) : null;
  htmx.on("htmx:afterSwap", function (e) {
    if (e.detail.target.id === "dialog-content" && dialog) dialog.show();
  });
  htmx.on("htmx:beforeSwap", function (e) {
    // An empty 204 from a dialog form means saved: close the dialog.
    if (e.detail.target.id === "dialog-content" && !e.detail.xhr.response) {
      dialog.hide();
      e.detail.shouldSwap = false;
    }
    if (e.detail.xhr.status === 422) { e.detail.shouldSwap = true; e.detail.isError = false; }
  });
  // The list table is boosted for its paging and sorting links (same page, new query). A link to another page, such
  // as a record's detail, must load that page instead of being cut down to the table.
  htmx.on("htmx:confirm", function (e) {
    var elt = e.detail.elt;
    if (elt.tagName === "A" && elt.closest("#list-table") && new URL(elt.href, location.href).pathname !== location.pathname) {
      e.preventDefault();
      location.href = elt.href;
    }
  });
  htmx.on("htmx:responseError", function (e) {
    var status = e.detail.xhr.status;
    var msg = status === 403 ? "您没有执行此操作的权限" : status === 404 ? "记录不存在或您无权查看" : "操作失败（" + status + "），请稍后重试";
    if (!e.detail.xhr.getResponseHeader("HX-Trigger")) toast(msg, "danger");
  });
  // Long pickers (core.forms.group_choices marks them data-picker="search"): a search box above the list hides the
  // options, and the groups left empty, that do not contain what is typed. The chosen option always stays visible.
  function searchablePicker(select) {
    if (select.dataset.pickerReady) return;
    select.dataset.pickerReady = "1";
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm mb-1";
    box.placeholder = "输入名称筛选";
    box.setAttribute("aria-label", "筛选" + ((select.labels && select.labels[0] && select.labels[0].textContent) || "选项"));
    box.setAttribute("data-testid", "picker-search-" + select.name);
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var words = box.value.trim().toLowerCase();
      Array.prototype.forEach.call(select.options, function (option) {
        var group = option.parentNode.tagName === "OPTGROUP" ? option.parentNode.label.toLowerCase() : "";
        var show = !words || option.value === "" || option.selected ||
          option.text.toLowerCase().indexOf(words) >= 0 || group.indexOf(words) >= 0;
        option.hidden = !show;
      });
      select.querySelectorAll("optgroup").forEach(function (group) {
        group.hidden = !Array.prototype.some.call(group.children, function (o) { return !o.hidden; });
      });
    });
  }
  htmx.onLoad(function (root) {
    (root.querySelectorAll ? root : document).querySelectorAll("select[data-picker=search]").forEach(searchablePicker);
  });
  htmx.on("closeDialog", function () { if (dialog) dialog.hide(); });
  htmx.on("hidden.bs.modal", function () { var c = document.getElementById("dialog-content"); if (c) c.innerHTML = ""; });
})();
