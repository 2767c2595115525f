/**
 * A client whose key the viewer does not hold comes from the core without a name (null); the
 * screens show it by number in the viewer's language, "客户 #12" or "Client #12", and never an
 * empty cell or a bare "#12". Rendered to HTML with the real components and string tables.
 */
import { describe, expect, it } from 'vitest';
import type { AuditEventView, HomeDisclosure, HomeSummary } from '../../src/shared/contract';

/**
 * React, react-dom/server and the components are loaded at run time by paths the type checker
 * does not follow: tests are type-checked with tsconfig.node.json, which has no DOM types for the
 * renderer's code (tsconfig.web.json checks that), and React's own types would declare empty DOM
 * interfaces for every other test. So the few shapes used here are spelled out.
 */
type Element = { readonly kind: 'react-element' };
type Component<P> = (props: P) => unknown;
const load = (specifier: string) => import(/* @vite-ignore */ specifier) as Promise<Record<string, unknown>>;
const react = await load('react');
const server = await load('react-dom/server');
const createElement = react.createElement as <P>(type: Component<P>, props: P, ...children: Element[]) => Element;
const renderToStaticMarkup = server.renderToStaticMarkup as (element: Element) => string;
async function component<P>(file: string, name: string): Promise<Component<P>> {
  return (await load(`../../src/renderer/${file}`))[name] as Component<P>;
}
const I18nProvider = await component<{ locale: string; setLocale: () => void }>('app/i18n.ts', 'I18nProvider');
const Disclosures = await component<{ summary: HomeSummary }>('home/ManagerHome.tsx', 'Disclosures');
const AuditTable = await component<{
  events: AuditEventView[];
  resultId: number;
  loading: boolean;
  onOpen: () => void;
}>('audit/AuditTable.tsx', 'AuditTable');

function html(locale: 'zh-CN' | 'en', element: Element): string {
  return renderToStaticMarkup(createElement(I18nProvider, { locale, setLocale: () => undefined }, element));
}

const disclosure = (clientId: number, clientName: string | null): HomeDisclosure => ({
  seq: clientId,
  at: '2024-03-05T02:00:00.000Z',
  actor: 'manager1',
  action: 'records.export',
  clientId,
  clientName,
  reason: null,
  rows: 3,
});

const event = (clientId: number, clientName: string | null): AuditEventView => ({
  seq: clientId,
  at: '2024-03-05T02:00:00.000Z',
  tz: 'Asia/Shanghai',
  actor: 'manager1',
  workstation: 'ws-1',
  action: 'records.export',
  targetType: null,
  targetId: null,
  clientId,
  clientName,
  outcome: 'ok',
  details: {},
});

describe('a client the viewer holds no key for', () => {
  it('is “客户 #12” / “Client #12” in the home screen’s disclosures, a named one by its name', () => {
    const summary: HomeSummary = {
      role: 'manager',
      month: '2024-03',
      disclosures: [disclosure(12, null), disclosure(7, '杭州明达')],
    };
    const zh = html('zh-CN', createElement(Disclosures, { summary }));
    expect(zh).toContain('客户 #12');
    expect(zh).toContain('杭州明达');
    const en = html('en', createElement(Disclosures, { summary }));
    expect(en).toContain('Client #12');
    expect(en).not.toContain('客户 #12');
  });

  it('is “客户 #12” / “Client #12” in the audit log', () => {
    const props = {
      events: [event(12, null), event(7, '杭州明达')],
      resultId: 1,
      loading: false,
      onOpen: () => undefined,
    };
    const zh = html('zh-CN', createElement(AuditTable, props));
    expect(zh).toContain('客户 #12');
    expect(zh).toContain('杭州明达');
    expect(html('en', createElement(AuditTable, props))).toContain('Client #12');
  });
});
