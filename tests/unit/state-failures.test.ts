// No click fails silently: a guarded action that throws (as 导出同步包 did on plain http with
// "Cannot read properties of undefined (reading 'digest')") shows 操作失败：… in Chinese.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeFailure } from '../../src/state/failure.ts';
import { Failures } from '../../src/state/failures.svelte.ts';

afterEach(() => vi.restoreAllMocks());

describe('describeFailure', () => {
  it('turns a program error into a Chinese sentence that keeps the detail', () => {
    const m = describeFailure(new TypeError("Cannot read properties of undefined (reading 'digest')"));
    expect(m).toMatch(/^操作失败：程序出错（TypeError: Cannot read properties of undefined \(reading 'digest'\)）。请刷新页面后重试/);
  });
  it('shows the app’s own Chinese messages as they are', () => {
    expect(describeFailure(new Error('本机没有这份报告。'))).toBe('操作失败：本机没有这份报告。');
  });
  it('names a program file that could not load, a full disk, and non-Error throws', () => {
    expect(describeFailure(new TypeError('Failed to fetch dynamically imported module: http://x/assets/exchange.js'))).toMatch(/程序文件没能加载/);
    expect(describeFailure(new DOMException('full', 'QuotaExceededError'))).toMatch(/存储空间已满/);
    expect(describeFailure(new TypeError('Failed to fetch'))).toMatch(/^操作失败：连不上服务器/);
    expect(describeFailure(undefined)).toMatch(/^操作失败：程序出错。/);
    expect(describeFailure('坏了')).toBe('操作失败：坏了');
  });
});

describe('Failures', () => {
  it('a guarded action that throws or rejects is shown, and the guard itself never rejects', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const f = new Failures();
    const subtle = undefined as unknown as SubtleCrypto;
    const exportLikeBefore = f.guarded(async () => {
      await subtle.digest('SHA-256', new Uint8Array(1));
    });
    await expect(exportLikeBefore()).resolves.toBeUndefined();
    expect(f.message).toMatch(/^操作失败：程序出错（TypeError: Cannot read properties of undefined \(reading 'digest'\)）/);
    f.dismiss();
    expect(f.message).toBeNull();
    await f.guarded(() => {
      throw new Error('同步失败');
    })();
    expect(f.message).toBe('操作失败：同步失败');
    f.dismiss();
    await f.guarded(async (a: number, b: number) => expect(a + b).toBe(3))(1, 2);
    expect(f.message).toBeNull();
  });

  it('catches what escaped every guard at the window, ignoring resource and ResizeObserver noise', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const target = new EventTarget();
    const f = new Failures();
    const stop = f.watch(target as unknown as Window);
    const rejection = Object.assign(new Event('unhandledrejection', { cancelable: true }), { reason: new Error('导出失败') });
    target.dispatchEvent(rejection);
    expect(f.message).toBe('操作失败：导出失败');
    expect(rejection.defaultPrevented).toBe(true);
    f.dismiss();
    target.dispatchEvent(Object.assign(new Event('error'), { error: undefined, message: 'Script error.' }));
    target.dispatchEvent(Object.assign(new Event('error'), { error: new Error('x'), message: 'ResizeObserver loop completed with undelivered notifications.' }));
    expect(f.message).toBeNull();
    target.dispatchEvent(Object.assign(new Event('error'), { error: new RangeError('Invalid array length'), message: 'Invalid array length' }));
    expect(f.message).toMatch(/RangeError: Invalid array length/);
    stop();
    f.dismiss();
    target.dispatchEvent(Object.assign(new Event('unhandledrejection'), { reason: new Error('later') }));
    expect(f.message).toBeNull();
  });
});
