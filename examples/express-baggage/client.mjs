// The calling service: sets the attribution once; node:http carries it to the server as W3C baggage, because
// the server's host is listed in LLMCOST_BAGGAGE_PROPAGATE_TO (see server.mjs).
import { request } from 'node:http';
import { withLlmContext } from '@llmcost/otel';

const url = new URL('/summarise', process.env.SERVER_URL ?? 'http://127.0.0.1:3000');

function post(text) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'text/plain' } }, async (res) => {
      let body = '';
      for await (const chunk of res) body += chunk;
      resolve(body);
    });
    req.on('error', reject);
    req.end(text);
  });
}

const answer = await withLlmContext({ feature: 'meeting-notes', userId: 'user-from-a', tier: 'pro' }, () =>
  post('Notes of the weekly planning meeting.'),
);
console.log(answer);
