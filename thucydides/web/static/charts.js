// Draws every <div class="chart" data-figure="{plotly JSON}"> with the bundled plotly.js.
// Figures come in a data attribute (HTML-escaped by the template), never as inline script.
// The box gets the figure's height and plotly fills it (autosize, no fixed width or height in the layout);
// a ResizeObserver redraws the chart whenever its box changes size (window resize, sidebar, zoom), so the
// chart never spills out of its box nor keeps a stale size.
document.addEventListener("DOMContentLoaded", () => {
  for (const el of document.querySelectorAll(".chart[data-figure]")) {
    const fig = JSON.parse(el.dataset.figure);
    const layout = Object.assign({}, fig.layout, {autosize: true});
    if (layout.height) el.style.height = layout.height + "px";
    delete layout.height;
    delete layout.width;
    Plotly.newPlot(el, fig.data, layout, {responsive: false, displaylogo: false}).then(() => {
      el.dataset.rendered = "1";
      let pending = null;
      new ResizeObserver(() => {
        if (pending) cancelAnimationFrame(pending);
        pending = requestAnimationFrame(() => {
          pending = null;
          Plotly.Plots.resize(el).then(() => { el.dataset.resized = String(Number(el.dataset.resized || 0) + 1); });
        });
      }).observe(el);
      const base = el.dataset.linkNodes;
      if (base !== undefined) {
        el.on("plotly_click", (ev) => {
          const target = ev.points[0] && ev.points[0].customdata;
          // a base path: the point names an id; an empty base: the point carries its own relative link
          if (target) window.location.href = base ? base + encodeURIComponent(target) : String(target);
        });
      }
    });
  }
});
