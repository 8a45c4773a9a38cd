// Starts motcua's search widget on each element with a data-mc-index attribute, once the
// visitor uses its search box (focus, tap or key), or at once when the address asks for an
// answer (?q=… or ?thu-tuc=…). Until then a page downloads neither the wasm nor the index.
// Loaded as a module script, so it never blocks the page; pages work fully without it.
const roots = document.querySelectorAll('[data-mc-index]');
let started = false;
async function start() {
  if (started) return;
  started = true;
  const first = roots[0];
  try {
    const widget = await import(first.dataset.mcGlue);
    await widget.default({ module_or_path: first.dataset.mcWasm });
    for (const root of roots) widget.mount(root);
  } catch (e) {
    // The page's plain search box stays; say why for whoever looks.
    console.warn('motcua: search widget unavailable:', e);
  }
}
if (roots.length > 0) {
  const asked = new URLSearchParams(location.search);
  if (asked.has('q') || asked.has('thu-tuc')) {
    start();
  } else {
    for (const root of roots) {
      for (const type of ['focusin', 'pointerdown', 'keydown']) {
        root.addEventListener(type, start, { once: true, passive: true });
      }
    }
  }
}
