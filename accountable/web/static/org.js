// The who table follows the map's date slider. The map is `accountable view`'s page in an
// iframe (same origin); its `window.accountable.state()` says which day it shows.
(function () {
  var frame = document.getElementById("map");
  if (!frame) return;
  var org = frame.dataset.org;
  var shown = document.getElementById("who").dataset.day;
  var asked = shown, timer = null;
  function load(day) {
    asked = day;
    fetch("/org/" + encodeURIComponent(org) + "/who?on=" + encodeURIComponent(day))
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null || day !== asked) return;
        document.getElementById("who-box").innerHTML = html;
        shown = day;
        history.replaceState(null, "", "?on=" + day);
      });
  }
  function poll() {
    var w = frame.contentWindow;
    var st = w && w.accountable && w.accountable.state && w.accountable.state();
    if (st && st.date && st.date !== asked) {
      asked = st.date;
      clearTimeout(timer);
      timer = setTimeout(function () { load(st.date); }, 150);
    }
  }
  setInterval(poll, 200);
})();
