// The page's side of a playground session: a terminal over a WebSocket and the tour beside it.
(function () {
  "use strict";
  var status = document.getElementById("status");
  var term = new Terminal({ cursorBlink: true, rendererType: "dom", fontSize: 14, scrollback: 5000 });
  var fit = new FitAddon.FitAddon();
  term.loadAddon(fit);
  term.open(document.getElementById("terminal"));
  fit.fit();
  var encoder = new TextEncoder();
  var scheme = location.protocol === "https:" ? "wss://" : "ws://";
  var socket = new WebSocket(scheme + location.host + "/ws");
  socket.binaryType = "arraybuffer";
  var opened = false;

  function show(text, ended) {
    status.textContent = text;
    status.className = ended ? "status ended" : "status";
  }
  function send(data) {
    if (socket.readyState === WebSocket.OPEN) socket.send(data);
  }
  function sendSize() {
    send("resize " + term.cols + " " + term.rows);
  }

  socket.onopen = function () {
    opened = true;
    show("connected", false);
    sendSize();
    term.focus();
  };
  socket.onmessage = function (event) {
    if (typeof event.data === "string") return;
    term.write(new Uint8Array(event.data));
  };
  socket.onclose = function (event) {
    if (!opened || event.code === 4429) {
      location.href = "/full";
      return;
    }
    show("session ended: reload the page for a new one", true);
  };
  term.onData(function (data) { send(encoder.encode(data)); });
  term.onResize(sendSize);
  window.addEventListener("resize", function () { fit.fit(); });

  // Types a step's code at the prompt, a line at a time, and runs it.
  function run(code) {
    send(encoder.encode(code.split("\n").join("\r") + "\r"));
    term.focus();
  }

  document.querySelectorAll("#docs button").forEach(function (button) {
    button.onclick = function () { run(button.getAttribute("data-code")); };
  });

  fetch("/tour.json").then(function (response) { return response.json(); }).then(function (steps) {
    var list = document.getElementById("steps");
    steps.forEach(function (step, index) {
      var item = document.createElement("li");
      var title = document.createElement("strong");
      title.textContent = step.title;
      var text = document.createElement("p");
      text.textContent = step.explanation;
      var code = document.createElement("pre");
      code.textContent = step.code;
      var button = document.createElement("button");
      button.textContent = "Run";
      button.id = "step-" + (index + 1);
      button.onclick = function () { run(step.code); };
      item.append(title, text, code, button);
      list.append(item);
    });
  });

  // For tests and the curious: the terminal's text, a line per row.
  window.playground = {
    terminal: term,
    text: function () {
      var lines = [];
      for (var row = 0; row < term.buffer.length; row++) {
        var line = term.buffer.getLine(row);
        if (line) lines.push(line.translateToString(true));
      }
      // The rows below the cursor are blank until output reaches them.
      while (lines.length > 0 && lines[lines.length - 1].trim() === "") lines.pop();
      return lines.join("\n");
    },
  };
})();
