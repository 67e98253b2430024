import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../errors';
import { say, type Message } from '../messages';

/**
 * What an attachment is, from its first bytes, never from its name or the type the browser
 * claims. `file-type` (pinned; ESM only, loaded with Node's require of ES modules — see
 * docs/schema.md "Attachments") reads the signature; a file without one is accepted as plain
 * text only when its head is UTF-8 text without control characters. Only the kinds below are
 * accepted: programs and everything the portal cannot name are refused (415).
 */
export const SNIFF_SAMPLE_BYTES = 64 * 1024;

/** The kinds of file a case record may carry, by the type the content shows. */
export const ACCEPTED_TYPES: Readonly<Record<string, string>> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG image',
  'image/png': 'PNG image',
  'image/gif': 'GIF image',
  'image/webp': 'WebP image',
  'image/heic': 'HEIC image',
  'image/heif': 'HEIF image',
  'image/tiff': 'TIFF image',
  'image/bmp': 'BMP image',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel workbook',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint presentation',
  'application/vnd.oasis.opendocument.text': 'OpenDocument text',
  'application/vnd.oasis.opendocument.spreadsheet': 'OpenDocument spreadsheet',
  'application/vnd.oasis.opendocument.presentation': 'OpenDocument presentation',
  'application/rtf': 'Rich text',
  'text/plain': 'Plain text',
  'audio/mpeg': 'MP3 audio',
  'audio/mp4': 'MPEG-4 audio',
  'audio/wav': 'WAV audio',
  'video/mp4': 'MP4 video',
  'video/quicktime': 'QuickTime video',
};

/** Signatures of programs and installers, named in the refusal. */
const PROGRAMS = new Set([
  'application/x-msdownload',
  'application/x-elf',
  'application/x-mach-binary',
  'application/wasm',
  'application/java-vm',
  'application/java-archive',
  'application/vnd.android.package-archive',
  'application/x-deb',
  'application/x-rpm',
  'application/x-shockwave-flash',
]);

export class UnsupportedFileError extends AppError {
  constructor(message: Message) {
    super('unsupported_file_type', message, { file: message });
  }
}

const ACCEPTED_SUMMARY = 'a PDF, an image, an office document, plain text, audio or video';

/** Tab, line feed, form feed and carriage return are text; other control characters are not. */
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

function isPlainText(head: Buffer): boolean {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return !CONTROL.test(text);
  } catch {
    return false;
  }
}

/** The accepted content type of a file whose first bytes are `head`, or an UnsupportedFileError. */
export async function sniffContentType(head: Buffer): Promise<string> {
  const detected = await fileTypeFromBuffer(head).catch(() => undefined);
  if (detected) {
    if (ACCEPTED_TYPES[detected.mime]) return detected.mime;
    if (PROGRAMS.has(detected.mime)) {
      throw new UnsupportedFileError(say('file_program', { type: detected.mime }));
    }
    throw new UnsupportedFileError(say('file_type_refused', { type: detected.mime, accepted: ACCEPTED_SUMMARY }));
  }
  if (isPlainText(head)) {
    if (head.subarray(0, 2).toString('latin1') === '#!') {
      throw new UnsupportedFileError(say('file_script'));
    }
    return 'text/plain';
  }
  throw new UnsupportedFileError(say('file_unknown_type', { accepted: ACCEPTED_SUMMARY }));
}
