// Starts motcua's search widget on each element with a data-mc-index attribute. Loaded as a
// module script, so it never blocks the page; pages work fully without it.
const roots = document.querySelectorAll('[data-mc-index]');
if (roots.length > 0) {
  const first = roots[0];
  try {
    const widget = await import(first.dataset.mcGlue);
    await widget.default({ module_or_path: first.dataset.mcWasm });
    for (const root of roots) widget.mount(root);
  } catch (e) {
    // The fallback content stays in place; say why for whoever looks.
    console.warn('motcua: search widget unavailable:', e);
  }
}
