import { request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import { TLS_MIN_VERSION, type NationalTls } from '../config.js';

/** The national server's certificate is none of TMIS_NATIONAL_CERT_PIN's: the connection is cut in the handshake, before any byte of the request. */
export const SYNC_TLS_PIN_MISMATCH = 'SYNC_TLS_PIN_MISMATCH';
/** The national server's certificate does not chain to a trusted CA (TMIS_NATIONAL_CA or the public ones), is expired, or names another host. */
export const SYNC_TLS_UNTRUSTED = 'SYNC_TLS_UNTRUSTED';

export class NationalTransportError extends Error {
  constructor(message: string, readonly code?: string) { super(message); }
}

export interface NationalResponse { status: number; text: string }

/** POSTs to the national system: `post(path, headers, body, timeoutMs)`; `close()` drops the agent. */
export interface NationalTransport {
  post(path: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<NationalResponse>;
  close(): void;
}

// OpenSSL's and Node's codes for "this certificate is not one to trust" (as opposed to "no answer").
const UNTRUSTED_CODES = /^(ERR_TLS_CERT_ALTNAME_INVALID|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(GET_ISSUER_CERT|VERIFY_LEAF_SIGNATURE)|ERR_SSL_)/;

/**
 * The province's HTTP(S) client for the national system (sync delivery, audit anchoring). Over
 * https:// it verifies the chain (against TMIS_NATIONAL_CA when set) and the host name, and then,
 * when pins are configured, the server certificate's SHA-256 fingerprint. No TLS session is
 * resumed and no connection kept: each request does a full handshake, so each one meets the pin.
 */
export function nationalTransport(baseUrl: string, tls?: NationalTls): NationalTransport {
  const https = baseUrl.startsWith('https://');
  const agent = https ? new HttpsAgent({
    keepAlive: false,
    maxCachedSessions: 0,
    minVersion: TLS_MIN_VERSION,
    ...(tls?.ca ? { ca: tls.ca } : {}),
    checkServerIdentity: (host: string, cert: PeerCertificate) => checkServerIdentity(host, cert) ?? pinCheck(tls?.pins ?? [], cert),
  }) : undefined;
  const send = (https ? httpsRequest : httpRequest) as (url: URL, options: RequestOptions, cb: (res: IncomingMessage) => void) => ClientRequest;

  return {
    post(path, headers, body, timeoutMs) {
      return new Promise<NationalResponse>((resolvePost, reject) => {
        const fail = (e: Error): void => reject(describe(e));
        const req = send(new URL(`${baseUrl}${path}`), {
          method: 'POST', agent, signal: AbortSignal.timeout(timeoutMs),
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolvePost({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', (e) => reject(new NationalTransportError(`connection lost: ${e.message}`)));
        });
        req.on('error', fail);
        req.end(body);
      });
    },
    close: () => agent?.destroy(),
  };
}

function pinCheck(pins: readonly string[], cert: PeerCertificate): Error | undefined {
  if (!pins.length || pins.includes(cert.fingerprint256)) return undefined;
  return Object.assign(new Error(`certificate ${cert.fingerprint256} is not pinned`), { code: SYNC_TLS_PIN_MISMATCH, fingerprint256: cert.fingerprint256 });
}

function describe(e: Error): NationalTransportError {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  if (code === SYNC_TLS_PIN_MISMATCH) {
    const seen = (e as { fingerprint256?: string }).fingerprint256;
    return new NationalTransportError(`${SYNC_TLS_PIN_MISMATCH}: 国家系统服务器证书的指纹（${seen}）与 TMIS_NATIONAL_CERT_PIN 不符，连接已在握手时中断，未发送任何数据 / the national server's certificate does not match TMIS_NATIONAL_CERT_PIN; nothing was sent`, SYNC_TLS_PIN_MISMATCH);
  }
  if (UNTRUSTED_CODES.test(code)) {
    return new NationalTransportError(`${SYNC_TLS_UNTRUSTED}: 国家系统服务器证书不受信任（${code}），未发送任何数据；请检查 TMIS_NATIONAL_CA 与 TMIS_NATIONAL_URL 的主机名 / the national server's certificate is not trusted (${code}): ${e.message}`, SYNC_TLS_UNTRUSTED);
  }
  return new NationalTransportError(`national system unreachable: ${e.message}`);
}
