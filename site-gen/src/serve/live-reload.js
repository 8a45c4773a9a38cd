// Served only by `site-gen serve` and never part of a built site: reloads the page when a
// rebuild finishes, or shows the build's errors over the page until they are mended.
(() => {
  'use strict';
  let first = null;
  let box = null;
  const show = (text) => {
    if (!box) {
      box = document.createElement('div');
      box.id = 'site-gen-error';
      box.setAttribute('role', 'alert');
      // CSSOM, not a style attribute: the strict CSP allows no inline style.
      Object.assign(box.style, {
        position: 'fixed', inset: '0', zIndex: '2147483647', overflow: 'auto', margin: '0',
        padding: '1rem', background: '#fff', color: '#1a1a1a', borderTop: '6px solid #b00020',
      });
      const title = document.createElement('p');
      title.textContent = 'site-gen: the last rebuild failed; the page shows the previous build.';
      Object.assign(title.style, { fontWeight: 'bold', margin: '0 0 1rem' });
      const pre = document.createElement('pre');
      Object.assign(pre.style, { whiteSpace: 'pre-wrap', margin: '0', font: '0.9rem/1.4 monospace' });
      box.append(title, pre);
      document.body.append(box);
    }
    box.querySelector('pre').textContent = text;
  };
  const source = new EventSource('/_site-gen/events');
  source.onmessage = (event) => {
    const state = JSON.parse(event.data);
    // `build` names the last finished build: the one this page comes from, at first.
    if (first === null) first = state.build;
    if (state.building) return;
    if (state.error) show(state.error);
    else if (state.build !== first) location.reload();
  };
})();
