// Clicking a mark or a quote lights up its pair; the record asked for (?fact=) is scrolled to.
(function () {
  function light(keys) {
    document.querySelectorAll(".lit").forEach(function (e) { e.classList.remove("lit"); });
    keys.forEach(function (k) {
      var li = document.getElementById(k);
      if (li) li.classList.add("lit");
      document.querySelectorAll("mark[data-facts~='" + k + "']").forEach(function (m) {
        m.classList.add("lit"); });
    });
  }
  document.querySelectorAll("mark[data-facts]").forEach(function (m) {
    m.addEventListener("click", function () { light(m.dataset.facts.split(" ")); });
  });
  document.querySelectorAll("li.fact").forEach(function (li) {
    li.addEventListener("click", function () { light([li.id]); });
  });
  var first = document.querySelector("mark.focus");
  if (first && !location.hash) first.scrollIntoView({block: "center"});
})();
