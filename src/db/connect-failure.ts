/**
 * Why a connection could not be opened, in the words printed after "Could not connect to <url>: ".
 *
 * A host name that does not resolve fails differently depending on the machine: ENOTFOUND where a name
 * server says there is no such name, EAI_AGAIN where none answers (no network, no resolver configured),
 * EAI_FAIL where one fails, EAI_NONAME or EAI_NODATA from a libc Node does not translate. For the user
 * they are one situation, so they get one sentence; the code stays in brackets for whoever debugs DNS.
 */
const UNRESOLVED_HOST_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_NODATA", "EAI_FAIL"]);

interface SystemError {
  code?: string;
  hostname?: string;
  message?: string;
}

export function connectFailureReason(error: unknown): string {
  const { code, hostname, message } = (error ?? {}) as SystemError;
  const host = code && UNRESOLVED_HOST_CODES.has(code) ? (hostname ?? hostNameIn(message)) : undefined;
  if (host) return `could not resolve host ${host} (${code})`;
  return message || code || String(error);
}

/** Node's message is "getaddrinfo <CODE> <host>"; the host is there when the error lost its field. */
function hostNameIn(message: string | undefined): string | undefined {
  return /^getaddrinfo \S+ (\S+)/.exec(message ?? "")?.[1];
}
