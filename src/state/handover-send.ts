// The sending side of the http → https handover (handover.html on the old origin): what this
// browser stored there, read raw from IndexedDB (storage/handover-source.ts). A door of its own so
// that the handover page reaches storage only through the state layer, and loads only this.
export { readStoredData, storedFingerprint, type StoredData } from '../storage/handover-source.ts';
