import { describe, expect, it } from 'vitest';
import { authorityOnHost, isSameSite } from './labEnvironment.ts';

describe('isSameSite', () => {
  it('counts neither the port nor a subdomain', () => {
    expect(isSameSite('http://localhost:5173', 'http://localhost:4400/')).toBe(true);
    expect(isSameSite('https://app.example.com', 'https://login.example.com')).toBe(true);
  });

  it('tells loopback names, addresses and schemes apart', () => {
    expect(isSameSite('http://localhost:5173', 'http://127.0.0.1:4400/')).toBe(false);
    expect(isSameSite('http://127.0.0.1:5173', 'http://127.0.0.2:4400')).toBe(false);
    expect(isSameSite('http://example.com', 'https://example.com')).toBe(false);
  });
});

describe('authorityOnHost', () => {
  it('keeps scheme and port', () => {
    expect(authorityOnHost('http://localhost:4400', '127.0.0.1')).toBe('http://127.0.0.1:4400/');
  });
});
