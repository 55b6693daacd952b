// Runs inside the link-graph webview. cytoscape is loaded before this file from media/vendor/.
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const css = getComputedStyle(document.body);
  const color = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
  const fg = color('--vscode-foreground', '#ccc');
  const accent = color('--vscode-focusBorder', '#0a84ff');
  const muted = color('--vscode-disabledForeground', '#888');
  const errorColor = color('--vscode-errorForeground', '#f48771');
  const paperColor = color('--vscode-charts-orange', '#d18616');

  const cy = cytoscape({
    container: document.getElementById('graph'),
    wheelSensitivity: 0.3,
    style: [
      { selector: 'node', style: { label: 'data(label)', color: fg, 'font-size': 11, 'text-valign': 'bottom', 'text-margin-y': 4, 'background-color': accent, width: 14, height: 14 } },
      { selector: 'node.center', style: { width: 22, height: 22, 'border-width': 3, 'border-color': fg, 'font-weight': 'bold' } },
      { selector: 'node.missing', style: { 'background-color': errorColor, shape: 'diamond', 'background-opacity': 0.6 } },
      // A cited paper: an orange rounded square; one no bibliography defines, hollow with a dashed border.
      { selector: 'node.paper', style: { 'background-color': paperColor, shape: 'round-rectangle', width: 16, height: 16, 'font-style': 'italic' } },
      { selector: 'node.paper.missing', style: { 'background-opacity': 0.15, 'border-width': 2, 'border-style': 'dashed', 'border-color': errorColor } },
      { selector: 'edge', style: { width: 'data(width)', 'line-color': muted, 'target-arrow-color': muted, 'target-arrow-shape': 'triangle', 'curve-style': 'bezier', 'arrow-scale': 0.8, opacity: 0.8 } },
      { selector: 'node:selected', style: { 'border-width': 3, 'border-color': accent } },
    ],
  });

  cy.on('tap', 'node', (evt) => vscode.postMessage({ type: 'open', id: evt.target.id() }));
  document.getElementById('fit').addEventListener('click', () => cy.fit(undefined, 30));
  const depth = document.getElementById('depth');
  depth.addEventListener('change', () => vscode.postMessage({ type: 'depth', depth: Number(depth.value) }));

  window.addEventListener('message', (event) => {
    const msg = event.data;
    if (!msg || msg.type !== 'graph') return;
    document.getElementById('title').textContent = msg.title || '';
    if (msg.depth) depth.value = String(msg.depth);
    const elements = Array.isArray(msg.elements) ? msg.elements : [];
    const nodes = elements.filter((e) => e.group === 'nodes');
    document.getElementById('empty').hidden = nodes.length > 1;
    cy.elements().remove();
    cy.add(elements);
    const center = cy.nodes('.center');
    const layout = center.nonempty() && nodes.length < 200
      ? { name: 'breadthfirst', roots: center, circle: true, directed: false, spacingFactor: 1.2, animate: false, padding: 30 }
      : { name: 'cose', animate: false, padding: 30, nodeRepulsion: () => 8000 };
    cy.layout(layout).run();
    cy.fit(undefined, 30);
    document.body.dataset.nodes = String(nodes.length);
    document.body.dataset.papers = String(nodes.filter((n) => (n.classes || '').split(' ').includes('paper')).length);
  });

  window.addEventListener('resize', () => cy.resize());
  vscode.postMessage({ type: 'ready' });
})();
