/** Headings of the regulator report in English with their Simplified Chinese labels. */
const LABELS = {
  indicators: ['Compliance indicators', '合规指标'],
  register: ['Register of high-tier systems', '高风险系统登记册'],
  window: ['Period', '报告期'],
  head: ['Chain head', '链头'],
} as const;
export type LabelKey = keyof typeof LABELS;

/** The English label followed by the Chinese one, marked with its language for screen readers. */
export const label = (key: LabelKey): string => `${LABELS[key][0]} <span lang="zh-Hans">${LABELS[key][1]}</span>`;

/** Print-friendly styles: readable contrast, tables that do not split a row across pages. */
export const REPORT_CSS = `
body { font: 11pt/1.45 system-ui, "Noto Sans", "Noto Sans CJK SC", sans-serif; color: #111; background: #fff; margin: 0; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2rem; border-bottom: 2px solid #333; } h3 { margin-bottom: 0.25rem; }
table { border-collapse: collapse; margin: 0.75rem 0; width: 100%; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { border: 1px solid #666; padding: 0.2rem 0.45rem; text-align: left; vertical-align: top; }
thead th { background: #e8e8e8; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 0 1rem; }
code { font-family: ui-monospace, monospace; word-break: break-all; }
dl.head { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.75rem; }
dl.head dt { font-weight: 600; }
.system { break-inside: avoid-page; }
tr { break-inside: avoid; }
@media print { main { padding: 0; max-width: none; } h2 { break-before: auto; } a { color: inherit; } }
`;
