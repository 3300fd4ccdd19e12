() => {
  // What every public page must pass at 390 px: a list of problems (empty = pass).
  const problems = [];
  const doc = document.scrollingElement;
  if (doc.scrollWidth > window.innerWidth) problems.push('horizontal scroll ' + doc.scrollWidth);
  const main = document.querySelector('main');
  const inText = el => { // a link inside running text (WCAG 2.5.8 exempts it)
    const block = el.closest('p, td, li, figcaption, small');
    return block && block.innerText.trim().length > el.innerText.trim().length + 1
      && getComputedStyle(el).display === 'inline';
  };
  for (const el of main.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;  // hidden
    if (el.closest('.leaflet-container')) continue;     // the map's own controls
    const target = el.matches('input[type=checkbox], input[type=radio]') ? (el.closest('label') || el) : el;
    const t = target.getBoundingClientRect();
    if (t.height < 44 && !inText(el)) problems.push('small target ' + Math.round(t.height) + 'px: ' + (el.innerText || el.name || el.outerHTML).slice(0, 40));
  }
  for (const img of document.querySelectorAll('img')) {
    if (!img.hasAttribute('alt') && !img.closest('.leaflet-container')) problems.push('img without alt ' + img.src);
  }
  for (const field of document.querySelectorAll('input:not([type=hidden]):not([type=submit]), select, textarea')) {
    const labelled = field.labels.length || field.getAttribute('aria-label') || field.getAttribute('aria-labelledby');
    if (!labelled) problems.push('field without label ' + (field.name || field.id));
  }
  return problems;
}
