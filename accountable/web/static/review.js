// Review page niceties: editing a field chooses "edit"; a record's decision colours it; a
// record and its quotes in the article light up together.
(function () {
  function decide(fs, value) {
    var input = fs.querySelector("input[type=radio][value=" + value + "]");
    if (input) input.checked = true;
    fs.classList.remove("accept", "edit", "reject");
    fs.classList.add(value);
  }
  document.querySelectorAll("fieldset.record").forEach(function (fs) {
    fs.querySelectorAll("input[type=radio]").forEach(function (r) {
      r.addEventListener("change", function () { decide(fs, r.value); });
    });
    fs.querySelectorAll(".fields input, .fields select, .fields textarea, .cite textarea, " +
                        ".cite select, .cite input").forEach(function (f) {
      f.addEventListener("input", function () { decide(fs, "edit"); });
      f.addEventListener("change", function () { decide(fs, "edit"); });
    });
    fs.addEventListener("focusin", function () {
      document.querySelectorAll("mark.lit").forEach(function (m) { m.classList.remove("lit"); });
      document.querySelectorAll("mark[data-records]").forEach(function (m) {
        if (m.dataset.records.split(" ").some(function (k) {
          return k.indexOf(fs.id + "-") === 0; })) m.classList.add("lit");
      });
    });
  });
  var bad = document.querySelector("fieldset.has-problems");
  if (bad && !location.hash) bad.scrollIntoView({block: "start"});
  document.querySelectorAll("button[data-all]").forEach(function (b) {
    b.addEventListener("click", function () {
      document.querySelectorAll("fieldset.record").forEach(function (fs) {
        decide(fs, b.dataset.all); });
    });
  });
})();
