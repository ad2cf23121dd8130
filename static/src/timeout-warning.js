// Warns a signed-in person before their session times out, and lets them stay signed in
// (WCAG 2.2.1 Timing Adjustable). The server ends a session after 30 idle minutes
// whether or not this runs; the layout renders the dialog only for signed-in people, and
// every word in it, including the countdown sentence, comes from the page in its language.

const ANNOUNCE_EVERY_SECONDS = 20;

function durationIn(language, secondsLeft) {
  // Whole minutes while there are any, then seconds, in the page's language and plurals.
  const [value, unit] =
    secondsLeft >= 60 ? [Math.ceil(secondsLeft / 60), "minute"] : [secondsLeft, "second"];
  try {
    return new Intl.NumberFormat(language, { style: "unit", unit, unitDisplay: "long" }).format(
      value,
    );
  } catch {
    return String(value);
  }
}

// Screen readers hear the countdown when it moves to a new minute, then every 20 seconds:
// often enough to know, not so often that it drowns out everything else.
function announcementStep(secondsLeft) {
  return secondsLeft > 60
    ? `m${Math.ceil(secondsLeft / 60)}`
    : `s${Math.ceil(secondsLeft / ANNOUNCE_EVERY_SECONDS)}`;
}

function startTimeoutWarning(dialog) {
  const seconds = (name) => Number.parseInt(dialog.dataset[name], 10) * 1000;
  const idle = seconds("idleSeconds");
  const warnFor = idle - seconds("warningSeconds");
  const absoluteEnd = Date.now() + seconds("absoluteSeconds");
  let idleEnd = Date.now() + idle;
  let timer = null;
  let lastStep = null;
  let leaving = false;
  let focusBefore = null;

  const message = dialog.querySelector("[data-app-timeout-message]");
  const announcement = dialog.querySelector("[data-app-timeout-announcement]");
  const stayButton = dialog.querySelector("[data-app-stay-signed-in]");
  const language = document.documentElement.lang || undefined;
  const channel = "BroadcastChannel" in window ? new BroadcastChannel("app-session") : null;

  const endsAt = () => Math.min(idleEnd, absoluteEnd);
  const sentence = (secondsLeft) =>
    dialog.dataset.message.replace("%{time}", durationIn(language, secondsLeft));

  function leave() {
    if (!leaving) {
      leaving = true;
      // The server sees the session has run out, ends it and explains why.
      window.location.assign(dialog.dataset.timedOutUrl);
    }
  }

  function open(secondsLeft) {
    // Staying cannot outlast the 12-hour limit; then the dialog only says when it ends.
    stayButton.hidden = absoluteEnd <= idleEnd;
    message.textContent = sentence(secondsLeft);
    announcement.textContent = "";
    lastStep = announcementStep(secondsLeft);
    focusBefore = document.activeElement;
    dialog.showModal();
    (stayButton.hidden ? dialog : stayButton).focus();
  }

  function close() {
    dialog.close();
    announcement.textContent = "";
    // Back to where the person was, or at least out of the dialog they can no longer see.
    if (focusBefore && focusBefore !== document.body && focusBefore.isConnected) {
      focusBefore.focus();
    } else if (dialog.contains(document.activeElement)) {
      document.activeElement.blur();
    }
    focusBefore = null;
  }

  function update(secondsLeft) {
    message.textContent = sentence(secondsLeft);
    const step = announcementStep(secondsLeft);
    if (step !== lastStep) {
      lastStep = step;
      announcement.textContent = sentence(secondsLeft);
    }
  }

  function tick() {
    clearTimeout(timer);
    const now = Date.now();
    const left = endsAt() - now;
    if (left <= 0) {
      leave();
      return;
    }
    if (left > warnFor) {
      if (dialog.open) {
        close();
      }
      timer = setTimeout(tick, left - warnFor);
      return;
    }
    const secondsLeft = Math.ceil(left / 1000);
    if (dialog.open) {
      update(secondsLeft);
    } else {
      open(secondsLeft);
    }
    // Wake when the number of whole seconds left next changes.
    timer = setTimeout(tick, left % 1000 || 1000);
  }

  function someoneWasActive() {
    idleEnd = Date.now() + idle;
    tick();
  }

  async function staySignedIn() {
    if (stayButton.hidden) {
      return;
    }
    let response;
    try {
      response = await fetch(dialog.dataset.stayUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": dialog.dataset.csrfToken },
      });
    } catch {
      return; // Offline: the dialog stays open and the countdown goes on.
    }
    if (response.status === 204) {
      channel?.postMessage("active");
      someoneWasActive();
    } else {
      // The session had already ended; the server said where to go.
      leaving = true;
      window.location.assign(response.redirected ? response.url : dialog.dataset.timedOutUrl);
    }
  }

  stayButton.addEventListener("click", staySignedIn);
  // Escape means "not now", so it keeps the person signed in rather than leaving them
  // to be signed out by a dialog they can no longer see.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    staySignedIn();
  });
  // Every page opened in another tab restarts the session's idle time on the server.
  channel?.addEventListener("message", (event) => {
    if (event.data === "active") {
      someoneWasActive();
    }
  });
  channel?.postMessage("active");
  // Timers in hidden tabs and sleeping computers run late; catch up when seen again.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") {
      tick();
    }
  });
  window.addEventListener("pageshow", tick);
  tick();
}

const timeoutDialog = document.querySelector("[data-app-timeout-warning]");
if (timeoutDialog && typeof timeoutDialog.showModal === "function") {
  startTimeoutWarning(timeoutDialog);
}
