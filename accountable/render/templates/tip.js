// Tooltips: DOM elements whose text is set with textContent.
  function tipElement(lines) {
    var box = document.createElement("div");
    box.className = "tip";
    (lines || []).forEach(function (line) {
      var row = document.createElement("div");
      row.className = line.s;
      if (line.k) {
        var key = document.createElement("span");
        key.className = "k";
        key.textContent = line.k + ": ";
        row.appendChild(key);
      }
      row.appendChild(document.createTextNode(line.v));
      box.appendChild(row);
    });
    return box;
  }
