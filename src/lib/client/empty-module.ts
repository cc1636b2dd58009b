// Stand-in for jsPDF's optional HTML renderers (html2canvas, canvg, dompurify), which this app never uses.
export default {};
