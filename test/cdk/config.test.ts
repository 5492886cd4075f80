import { RemovalPolicy } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, loadEnvironmentConfig, parseOrigins } from '../../cdk/config.js';

describe('environment configuration', () => {
  it('refuses an unknown or missing environment instead of falling back to one', () => {
    expect(() => loadEnvironmentConfig('staging')).toThrow(ConfigurationError);
    expect(() => loadEnvironmentConfig(undefined)).toThrow(/-c environment=dev\|prod/);
  });

  it('refuses to build prod without the dashboard origins the operator must choose', () => {
    expect(() => loadEnvironmentConfig('prod')).toThrow(/dashboardOrigins/);
    const prod = loadEnvironmentConfig('prod', { dashboardOrigins: 'https://a.example.go.id, https://b.example.go.id' });
    expect(prod.api.allowedOrigins).toEqual(['https://a.example.go.id', 'https://b.example.go.id']);
  });

  it('keeps data in prod and lets dev be torn down', () => {
    const prod = loadEnvironmentConfig('prod', { dashboardOrigins: 'https://a.example.go.id' });
    const dev = loadEnvironmentConfig('dev');
    expect(prod.removalPolicy).toBe(RemovalPolicy.RETAIN);
    expect(prod.deletionProtection).toBe(true);
    expect(prod.auth.mfa).toBe('REQUIRED');
    expect(dev.removalPolicy).toBe(RemovalPolicy.DESTROY);
    expect(dev.deletionProtection).toBe(false);
  });

  it('deploys to Jakarta unless told otherwise, and rejects a malformed region', () => {
    expect(loadEnvironmentConfig('dev').region).toBe('ap-southeast-3');
    expect(loadEnvironmentConfig('dev', { region: 'ap-southeast-1' }).region).toBe('ap-southeast-1');
    expect(() => loadEnvironmentConfig('dev', { region: 'jakarta' })).toThrow(/region/);
  });

  it('rejects an alarm e-mail that is not an address', () => {
    expect(() => loadEnvironmentConfig('dev', { alarmEmail: 'ops' })).toThrow(/alarmEmail/);
    expect(loadEnvironmentConfig('dev', { alarmEmail: 'ops@example.go.id' }).alarms.email).toBe('ops@example.go.id');
  });
});

describe('dashboard origins', () => {
  it('accepts exact https origins, with a port', () => {
    expect(parseOrigins('https://dash.example.go.id,https://dash.example.go.id:8443', true)).toEqual([
      'https://dash.example.go.id',
      'https://dash.example.go.id:8443',
    ]);
  });

  it('rejects what a browser would never send as an Origin header', () => {
    expect(() => parseOrigins('*', false)).toThrow(/not a URL/);
    expect(() => parseOrigins('https://dash.example.go.id/', true)).toThrow(/exactly scheme/);
    expect(() => parseOrigins('https://dash.example.go.id/app', true)).toThrow(/exactly scheme/);
    expect(() => parseOrigins(' , ', true)).toThrow(/at least one/);
  });

  it('allows plain http only for localhost outside production', () => {
    expect(parseOrigins('http://localhost:5173', false)).toEqual(['http://localhost:5173']);
    expect(() => parseOrigins('http://localhost:5173', true)).toThrow(/https in production/);
    expect(() => parseOrigins('http://dash.example.go.id', false)).toThrow(/https/);
  });
});
