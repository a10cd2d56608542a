// The arbeidsflate's one script (served as /arbeidsflate/app.js; the pages allow no inline script).
// It asks before an action that deletes, and shows front-channel embeds as the real arbeidsflate
// does: fetched by the browser from the service owner with the dialog token, never trusted.
"use strict";

document.addEventListener("submit", (event) => {
  const question = event.target.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// An embed in HTML (the legacy scope) is shown in a frame that may not run or load anything.
const FRAME_POLICY =
  "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">";

async function show(embed) {
  const token = embed.dataset.dialogToken;
  try {
    const response = await fetch(embed.dataset.embedUrl, {
      headers: token ? { Authorization: "Bearer " + token } : {},
      credentials: "omit",
      cache: "no-store",
    });
    if (!response.ok) {
      throw new Error("the service answered " + response.status);
    }
    const text = await response.text();
    if (embed.dataset.embedType === "html") {
      const frame = document.createElement("iframe");
      frame.setAttribute("sandbox", "");
      frame.setAttribute("title", "Content from the service");
      frame.srcdoc = FRAME_POLICY + text;
      embed.replaceChildren(frame);
    } else {
      // Markdown is made safe where the rest of the page is: on the server, without raw HTML.
      const rendered = await fetch("/arbeidsflate/render", {
        method: "POST",
        headers: { "Content-Type": "text/markdown; charset=utf-8" },
        body: text,
      });
      if (!rendered.ok) {
        throw new Error("it could not be shown (" + rendered.status + ")");
      }
      embed.innerHTML = await rendered.text();
    }
    embed.dataset.state = "shown";
  } catch (error) {
    embed.textContent = "The content from the service could not be fetched: " + error.message + ".";
    embed.dataset.state = "failed";
  }
}

for (const embed of document.querySelectorAll("[data-embed-url]")) {
  show(embed);
}
