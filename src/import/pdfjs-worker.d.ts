// pdf.js ships no types for its worker entry; importing it only sets globalThis.pdfjsWorker.
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs';
