import { stageBases } from '../../generators/app/core/stages.js';

describe('stageBases', () => {
  it('expands ARG defaults and follows stages to the image they start from', () => {
    const text = `ARG PYTHON_VERSION=3.11
FROM python:\${PYTHON_VERSION}-slim-trixie AS deps
FROM deps AS build
FROM python:\${PYTHON_VERSION}-slim-trixie AS slim
FROM slim AS runtime
FROM scratch AS empty
`;
    expect(stageBases(text)).toEqual([
      { stage: 'deps', from: 'python:3.11-slim-trixie', image: 'python:3.11-slim-trixie', fromStage: false },
      { stage: 'build', from: 'deps', image: 'python:3.11-slim-trixie', fromStage: true },
      { stage: 'slim', from: 'python:3.11-slim-trixie', image: 'python:3.11-slim-trixie', fromStage: false },
      { stage: 'runtime', from: 'slim', image: 'python:3.11-slim-trixie', fromStage: true },
      { stage: 'empty', from: 'scratch', image: 'scratch', fromStage: false },
    ]);
  });
});
