// On a plan line's form, shows what the line costs a year and what would be left of its
// part of the budget, as the family types. Progressive enhancement only: the server works
// out and shows the same figures after every save, and it alone decides what is saved.
// Every word comes from the page, in its language.

function pence(text) {
  const match = /^£?\s*(\d{1,7})(?:[.,](\d{1,2}))?$/.exec(text.trim().replace(/,(?=\d{3}\b)/g, ""));
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] || "0").padEnd(2, "0"));
}

function hundredths(text) {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const value = Number(match[1]) * 100 + Number((match[2] || "0").padEnd(2, "0"));
  return value > 0 && value <= 16800 ? value : null;
}

function checked(form, name) {
  const input = form.querySelector(`input[name="${name}"]:checked`);
  return input ? input.value : null;
}

function startLineCost(box) {
  const form = box.closest("form");
  const occurrences = JSON.parse(box.dataset.occurrences);
  const left = box.dataset.left ? JSON.parse(box.dataset.left) : null;
  const streams = JSON.parse(box.dataset.streams);
  const money = new Intl.NumberFormat(document.documentElement.lang || "en-GB", {
    style: "currency",
    currency: "GBP",
  });
  const output = box.querySelector("[data-app-line-cost-text]");

  function update() {
    const unit = pence(form.querySelector("[name=unit_cost]").value);
    const quantity = hundredths(form.querySelector("[name=quantity]").value);
    const frequency = checked(form, "frequency");
    if (unit === null || quantity === null || !frequency) {
      box.hidden = true;
      return;
    }
    // Integers throughout; the one rounding, half up to the penny, matches the server's.
    const cost = Math.round((unit * quantity * occurrences[frequency]) / 100);
    let text = box.dataset.messageCost.replace("%{cost}", money.format(cost / 100));
    const stream = checked(form, "funding_stream");
    if (left && stream && stream in left) {
      const after = left[stream] - cost;
      const template = after < 0 ? box.dataset.messageOver : box.dataset.messageLeft;
      text += " " + template
        .replace("%{stream}", streams[stream])
        .replace("%{amount}", money.format(Math.abs(after) / 100));
    }
    output.textContent = text;
    box.hidden = false;
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
}

for (const box of document.querySelectorAll("[data-app-line-cost]")) {
  startLineCost(box);
}
