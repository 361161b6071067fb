/** Module: registration, dotted names, modes, apply, state dicts, containers, and Parameter updates. */
import { describe, expect, it } from 'vitest';
import * as A from '@prior/autograd';
import { type Tensor, Generator, memory, ones, randn, scope, tensor, zeros } from '@prior/tensor';
import * as nn from '../../src/index.js';
import { gpu } from '../support/backends.js';

class Block extends nn.Module {
  readonly conv1: nn.Conv2d;
  readonly bn1: nn.BatchNorm2d;
  readonly scale: nn.Parameter;

  constructor() {
    super();
    this.scale = this.registerParameter('scale', new nn.Parameter(ones([2])));
    this.conv1 = this.registerModule('conv1', new nn.Conv2d(2, 2, 3, { padding: 1, bias: false }));
    this.bn1 = this.registerModule('bn1', new nn.BatchNorm2d(2));
  }

  forward(x: Tensor): Tensor {
    return this.bn1.forward(this.conv1.forward(x));
  }
}

class Net extends nn.Module {
  readonly layer1 = this.registerModule('layer1', new nn.Sequential(new Block(), new Block()));
  readonly head = this.registerModule('head', new nn.Linear(2, 3));
}

describe('Module', () => {
  it('lists parameters, buffers and modules with PyTorch dotted names', () => {
    const net = new Net();
    expect([...net.namedParameters()].map(([n]) => n)).toEqual([
      'layer1.0.scale',
      'layer1.0.conv1.weight',
      'layer1.0.bn1.weight',
      'layer1.0.bn1.bias',
      'layer1.1.scale',
      'layer1.1.conv1.weight',
      'layer1.1.bn1.weight',
      'layer1.1.bn1.bias',
      'head.weight',
      'head.bias',
    ]);
    expect([...net.namedBuffers()].map(([n]) => n)).toEqual([
      'layer1.0.bn1.running_mean',
      'layer1.0.bn1.running_var',
      'layer1.0.bn1.num_batches_tracked',
      'layer1.1.bn1.running_mean',
      'layer1.1.bn1.running_var',
      'layer1.1.bn1.num_batches_tracked',
    ]);
    expect([...net.namedModules()].map(([n]) => n)).toEqual(['', 'layer1', 'layer1.0', 'layer1.0.conv1', 'layer1.0.bn1', 'layer1.1', 'layer1.1.conv1', 'layer1.1.bn1', 'head']);
    expect(net.parameters().every((p) => p.value.requiresGrad)).toBe(true);
    expect(net.buffers().some((b) => b.value.requiresGrad)).toBe(false);
    // state dict: parameters then buffers, module by module (PyTorch's order).
    expect([...net.stateDict().keys()].slice(0, 8)).toEqual([
      'layer1.0.scale',
      'layer1.0.conv1.weight',
      'layer1.0.bn1.weight',
      'layer1.0.bn1.bias',
      'layer1.0.bn1.running_mean',
      'layer1.0.bn1.running_var',
      'layer1.0.bn1.num_batches_tracked',
      'layer1.1.scale',
    ]);
    net.dispose();
  });

  it('train()/eval() reach every submodule; apply visits children first', () => {
    const net = new Net();
    expect(net.modules().every((m) => m.training)).toBe(true);
    net.eval();
    expect(net.modules().some((m) => m.training)).toBe(false);
    net.train();
    expect(net.layer1.at(1).training).toBe(true);
    const order: string[] = [];
    net.apply((m) => order.push(m.constructor.name));
    expect(order).toEqual(['Conv2d', 'BatchNorm2d', 'Block', 'Conv2d', 'BatchNorm2d', 'Block', 'Sequential', 'Linear', 'Net']);
    net.dispose();
  });

  it('rejects duplicate and dotted names', () => {
    class Bad extends nn.Module {
      constructor(name: string) {
        super();
        this.registerModule('a', new nn.Identity());
        this.registerModule(name, new nn.Identity());
      }
    }
    expect(() => new Bad('a')).toThrow(/already registered/);
    expect(() => new Bad('b.c')).toThrow(/invalid name/);
  });

  it('loadStateDict copies values, reports missing/unexpected keys, and checks shapes', async () => {
    const a = new nn.Linear(3, 2, { generator: new Generator(1) });
    const b = new nn.Linear(3, 2, { generator: new Generator(2) });
    expect(b.loadStateDict(a.stateDict())).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(Array.from(await b.weight.value.data())).toEqual(Array.from(await a.weight.value.data()));
    expect(b.weight.value).not.toBe(a.weight.value); // a copy: the module owns its values
    expect(b.weight.value.requiresGrad).toBe(true);

    const partial = new Map([['weight', zeros([2, 3])], ['extra', zeros([1])]]);
    expect(() => b.loadStateDict(partial)).toThrow(nn.StateDictError);
    try {
      b.loadStateDict(partial);
    } catch (e) {
      expect((e as nn.StateDictError).missingKeys).toEqual(['bias']);
      expect((e as nn.StateDictError).unexpectedKeys).toEqual(['extra']);
    }
    expect(b.loadStateDict(partial, { strict: false })).toEqual({ missingKeys: ['bias'], unexpectedKeys: ['extra'] });
    expect(Array.from(await b.weight.value.data())).toEqual([0, 0, 0, 0, 0, 0]);
    expect(() => b.loadStateDict({ weight: zeros([3, 2]), bias: zeros([2]) })).toThrow(/'weight' has shape \[3, 2\], the module expects \[2, 3\]/);
    for (const t of partial.values()) t.dispose();
    a.dispose();
    b.dispose();
  });

  it('optional parameters (bias: false) are absent from names and state dicts', () => {
    const c = new nn.Conv2d(1, 1, 1, { bias: false });
    expect([...c.stateDict().keys()]).toEqual(['weight']);
    expect(c.bias).toBeNull();
    c.dispose();
  });
});

describe('containers', () => {
  it('Sequential chains and names children by index or key', async () => {
    const s = new nn.Sequential(new nn.Linear(2, 2), new nn.ReLU(), new nn.Identity());
    expect(s.length).toBe(3);
    expect([...s.stateDict().keys()]).toEqual(['0.weight', '0.bias']);
    const y = s.forward(tensor([[1, -1]]));
    expect(y.shape).toEqual([1, 2]);
    expect(Math.min(...(await y.data()))).toBeGreaterThanOrEqual(0);
    const named = new nn.Sequential({ fc: new nn.Linear(2, 2), act: new nn.Tanh() });
    expect([...named.stateDict().keys()]).toEqual(['fc.weight', 'fc.bias']);
    s.dispose();
    named.dispose();
  });

  it('ModuleList and ModuleDict register their items', () => {
    const l = new nn.ModuleList([new nn.Linear(1, 1), new nn.Linear(1, 1, { bias: false })]);
    expect([...l.stateDict().keys()]).toEqual(['0.weight', '0.bias', '1.weight']);
    expect(l.at(-1)).toBe([...l][1]);
    expect(() => l.at(2)).toThrow(/out of range/);
    const d = new nn.ModuleDict<nn.Module>({ proj: new nn.Linear(1, 1) });
    d.set('norm', new nn.LayerNorm(1));
    expect([...d.stateDict().keys()]).toEqual(['proj.weight', 'proj.bias', 'norm.weight', 'norm.bias']);
    expect(() => d.get('nope')).toThrow(/no module named 'nope'/);
    l.dispose();
    d.dispose();
  });
});

describe('Parameter', () => {
  it('assign() swaps in a new leaf (requiresGrad), disposes the old value, and the forward sees it', async () => {
    const lin = new nn.Linear(2, 1, { bias: false });
    const old = lin.weight.value;
    lin.weight.assign(A.mul(tensor([[1, 2]]), 1));
    expect(old.isDisposed).toBe(true);
    expect(lin.weight.value.isLeaf).toBe(true);
    expect(lin.weight.value.requiresGrad).toBe(true);
    expect(await lin.forward(tensor([[3, 4]])).item()).toBe(11);
    expect(() => lin.weight.assign(zeros([1, 3]))).toThrow(/expected shape \[1, 2\]/);
    lin.dispose();
  });

  it('survives the scope it was assigned in', () => {
    const p = new nn.Parameter(zeros([2]));
    scope(() => p.assign(ones([2])));
    expect(p.value.isDisposed).toBe(false);
    p.dispose();
  });

  it('a training loop that replaces parameters and running statistics keeps memory flat', async () => {
    const g = new Generator(3);
    const net = new nn.Sequential(new nn.Conv2d(2, 4, 3, { padding: 1, generator: g }), new nn.BatchNorm2d(4), new nn.ReLU(), new nn.Flatten(), new nn.Linear(64, 3, { generator: g }));
    const x = randn([2, 2, 4, 4], { generator: g });
    const target = randn([2, 3], { generator: g });
    const losses: number[] = [];
    const step = () =>
      scope(() => {
        const loss = A.mean(A.square(A.sub(net.forward(x), target)));
        loss.backward();
        A.noGrad(() => {
          for (const p of net.parameters()) p.assign(A.sub(p.value, A.mul(p.grad as Tensor, 0.1)));
        });
        return loss.detach();
      });
    const first = step();
    losses.push(await first.item());
    first.dispose();
    const before = memory().tensors;
    for (let i = 0; i < 20; i++) {
      const l = step();
      losses.push(await l.item());
      l.dispose();
    }
    expect(memory().tensors).toBe(before);
    expect(losses.at(-1)).toBeLessThan(losses[0]);
    net.dispose();
    x.dispose();
    target.dispose();
  });
});

describe('Module.to', () => {
  it.skipIf(!gpu)('moves parameters and buffers to another backend, values intact', async () => {
    const bn = new nn.Sequential(new nn.Linear(3, 2), new nn.BatchNorm1d(2));
    const before = Array.from(await bn.stateDict().get('0.weight')!.data());
    await bn.to(gpu!);
    for (const t of bn.stateDict().values()) expect(t.device).toBe('webgpu');
    expect(Array.from(await bn.stateDict().get('0.weight')!.data())).toEqual(before);
    expect(bn.parameters().every((p) => p.value.requiresGrad)).toBe(true);
    expect(bn.forward(tensor([[1, 2, 3], [4, 5, 6]], { device: gpu! })).device).toBe('webgpu');
    bn.dispose();
  });
});
