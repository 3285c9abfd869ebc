/** An answer the fake server sends, built by the endpoints and written by the server. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const jsonType = 'application/json; charset=utf-8';

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'Content-Type': jsonType, ...headers }, body: JSON.stringify(value) };
}

export function textReply(status: number, text: string, type = 'text/plain; charset=utf-8', headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'Content-Type': type, ...headers }, body: text };
}

/** werkzeug's default HTML error page, as Odoo's `type='http'` routes send it. */
export function werkzeugPage(status: number, title: string, description: string): Reply {
  return textReply(status, `<!doctype html>\n<html lang=en>\n<title>${status} ${title}</title>\n<h1>${title}</h1>\n<p>${description}</p>\n`, 'text/html; charset=utf-8');
}

export const notFoundDescription =
  'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.';

/** The request's media type without parameters ("application/json"). */
export function mimetypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}
