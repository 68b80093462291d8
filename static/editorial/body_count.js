// The article form's live 字数: every character of the body but white space,
// counted as the editor types (the same rule as the article list's column).
(function () {
  "use strict";

  function count(text) {
    return text.replace(/\s/g, "").length;
  }

  function attach(textarea) {
    var output = document.createElement("p");
    output.className = "body-count";
    output.setAttribute("aria-live", "polite");
    textarea.insertAdjacentElement("afterend", output);
    function update() {
      output.textContent = "字数：" + count(textarea.value).toLocaleString("zh-CN");
    }
    textarea.addEventListener("input", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-count]").forEach(attach);
  });
})();
