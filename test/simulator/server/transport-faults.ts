/** The broken answers of [sim:truncate] and [sim:malformed], for every API that takes markers. */
import { JSON_TYPE, type Exchange } from './http-util';

/** A 200 whose JSON stops halfway: the connection ends cleanly, the body does not parse. */
export function sendTruncated(ex: Exchange, answer: unknown): void {
	if (ex.signal.aborted || ex.res.headersSent) return;
	const text = JSON.stringify(answer, null, 2);
	ex.res.writeHead(200, { 'content-type': JSON_TYPE });
	ex.res.end(text.slice(0, Math.floor(text.length / 2)));
	if (ex.record) ex.record.status = 200;
}

/** A 200 that is not JSON at all, as a captive portal or a misconfigured proxy sends. */
export function sendMalformed(ex: Exchange): void {
	if (ex.signal.aborted || ex.res.headersSent) return;
	const text =
		'<!DOCTYPE html>\n<html><head><title>Gateway</title></head><body><p>Request received.</p></body></html>\n';
	ex.res.writeHead(200, {
		'content-type': 'text/html; charset=utf-8',
		'content-length': String(Buffer.byteLength(text)),
	});
	ex.res.end(text);
	if (ex.record) ex.record.status = 200;
}
