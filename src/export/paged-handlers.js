// Appended (as is, not transpiled — plain ES2017) to the Paged.js polyfill the build emits as
// dist/vendor/paged.polyfill.js (see vite.config.ts). Runs in the print document, right after
// the polyfill and before it paginates (it waits for the DOM to be ready).
(function () {
  var previewer = window.PagedPolyfill;
  if (!previewer || !previewer.on || !previewer.registerHandlers) return;

  // Repeat a table's header rows (tr.head: the print view has no <thead> on this path) at the
  // top of each page a table continues on. Done in renderNode — when the first row of the
  // continued table is placed, before Paged.js measures the page — so the repeated header's
  // height counts and nothing overflows the page.
  function RepeatHeader(chunker) {
    chunker.hooks.renderNode.register(function (clone) {
      if (!clone || clone.nodeType !== 1 || clone.tagName !== 'TR') return;
      var table = clone.closest('table[data-split-from]');
      if (!table || table.querySelector('tr.repeated-head')) return;
      var source = chunker.source && chunker.source.querySelector('table[data-ref="' + table.getAttribute('data-split-from') + '"]');
      if (!source) return;
      var head = source.querySelectorAll('tr.head');
      if (!head.length || clone.classList.contains('head')) return;
      var group = document.createElement('tbody');
      group.className = 'repeated-head';
      for (var i = 0; i < head.length; i++) {
        var row = head[i].cloneNode(true);
        row.classList.add('repeated-head');
        // Paged.js tracks nodes by data-ref: copies must not carry the originals' refs.
        row.removeAttribute('data-ref');
        var inner = row.querySelectorAll('[data-ref]');
        for (var k = 0; k < inner.length; k++) inner[k].removeAttribute('data-ref');
        group.appendChild(row);
      }
      var colgroup = table.querySelector('colgroup');
      table.insertBefore(group, colgroup ? colgroup.nextSibling : table.firstChild);
    });
  }
  previewer.registerHandlers(RepeatHeader);

  // The app prints (and tests read the PDF) only once pagination is done.
  previewer.on('rendered', function () {
    document.documentElement.setAttribute('data-paginated', String(document.querySelectorAll('.pagedjs_page').length));
  });
})();
