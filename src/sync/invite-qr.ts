// QR code of an invite link for the share dialog (a phone or a second PC's webcam can read it).
import QRCode from 'qrcode';

/** An SVG data URL; error correction M keeps a ~200-character link readable at small sizes. */
export async function inviteQrDataUrl(link: string): Promise<string> {
  const svg = await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
