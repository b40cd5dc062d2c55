// Draws every <div class="chart" data-figure="{plotly JSON}"> with the bundled plotly.js.
// Figures come in a data attribute (HTML-escaped by the template), never as inline script.
document.addEventListener("DOMContentLoaded", () => {
  for (const el of document.querySelectorAll(".chart[data-figure]")) {
    const fig = JSON.parse(el.dataset.figure);
    Plotly.newPlot(el, fig.data, fig.layout, {responsive: true, displaylogo: false}).then(() => {
      el.dataset.rendered = "1";
      const base = el.dataset.linkNodes;
      if (base) {
        el.on("plotly_click", (ev) => {
          const node = ev.points[0] && ev.points[0].customdata;
          if (node) window.location.href = base + encodeURIComponent(node);
        });
      }
    });
  }
});
