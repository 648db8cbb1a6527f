/* Old web views (Internet Explorer's Trident, EdgeHTML) that Office still uses on some
   volume-licensed versions cannot run docgen.js: say so plainly instead of failing.
   Kept to ES3 so that those engines can run this file. */
(function () {
  var ua = navigator.userAgent;
  var old = ua.indexOf("Trident") !== -1 || ua.indexOf("Edge/") !== -1 ||
    typeof window.fetch !== "function" || typeof window.Promise !== "function";
  window.docgenUnsupported = old;
  if (!old) { return; }
  var show = function () {
    var note = document.getElementById("unsupported");
    if (note) { note.removeAttribute("hidden"); note.style.display = "block"; }
    var main = document.getElementsByTagName("main")[0];
    if (main) { main.style.display = "none"; }
  };
  if (document.addEventListener) { document.addEventListener("DOMContentLoaded", show); }
  else { window.attachEvent("onload", show); }
})();
