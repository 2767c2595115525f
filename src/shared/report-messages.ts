/** The evidence report's messages (issue 17, Build 10), in both languages; joined into INPUT_MESSAGES. */
export const REPORT_MESSAGES = {
  'report.pdfNotSigned': {
    'zh-CN': '所选 PDF（{name}）不含签名的报告（可能是在别处打印的）。请核验它所打印自的 HTML 文件。',
    en: 'The chosen PDF ({name}) carries no signed report (a print made elsewhere). Verify the HTML file it was printed from.',
  },
  'report.tooLarge': {
    'zh-CN': '所选文件（{name}）太大，不是合规证据报告。',
    en: 'The chosen file ({name}) is too large to be an evidence report.',
  },
} as const;
