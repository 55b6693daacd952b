import { randomBytes } from 'crypto';

// Pure: the HTML of the link-graph webview, with a strict Content-Security-Policy (scripts from the extension only, by nonce).

export interface GraphHtmlOptions {
  cspSource: string;
  nonce: string;
  cytoscapeUri: string;
  scriptUri: string;
  styleUri: string;
  title: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function graphHtml(o: GraphHtmlOptions): string {
  const n = escapeHtml(o.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(o.styleUri)}">
<title>${escapeHtml(o.title)}</title>
</head>
<body>
<div id="toolbar">
  <span id="title"></span>
  <label>Depth <select id="depth"><option>1</option><option selected>2</option><option>3</option></select></label>
  <button id="fit" type="button">Fit</button>
</div>
<div id="graph" role="img" aria-label="Link graph"></div>
<div id="empty" hidden>No links around this note yet.</div>
<script nonce="${n}" src="${escapeHtml(o.cytoscapeUri)}"></script>
<script nonce="${n}" src="${escapeHtml(o.scriptUri)}"></script>
</body>
</html>`;
}

/** A fresh nonce for each rendering of the page. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}
