import { importGraph, parseImports } from '../../generators/app/stacks/go/imports.js';
import type { GoSource } from '../../generators/app/stacks/go/sources.js';

describe('parseImports', () => {
  it('reads single imports, blocks, aliases and blank imports, ignoring comments', () => {
    const text = `package main

import "fmt"
import web "example.com/app/web"
import (
	_ "gorm.io/driver/sqlite" // registers the driver
	/* "not/this" */
	"net/http"
)
import ("os"; "C")
`;
    expect(parseImports(text).sort()).toEqual(['C', 'example.com/app/web', 'fmt', 'gorm.io/driver/sqlite', 'net/http', 'os']);
  });
});

describe('importGraph', () => {
  const source = (file: string, imports: string[]): GoSource => ({ file, dir: file.split('/').slice(0, -1).join('/'), packageName: null, imports, text: '' });
  const sources = [
    source('main.go', ['example.com/app/web', 'fmt']),
    source('web/web.go', ['example.com/app/store', 'github.com/go-chi/chi/v5']),
    source('store/store.go', ['gorm.io/driver/sqlite']),
    source('testutil/db.go', ['github.com/mattn/go-sqlite3']),
    source('lib/x/x.go', ['golang.org/x/text']),
  ];

  it('follows the module\'s own packages from the main folder and collects third-party imports', () => {
    const graph = importGraph(sources, [{ dir: '', path: 'example.com/app' }], '');
    expect([...graph.dirs].sort()).toEqual(['', 'store', 'web']);
    expect([...graph.external].sort()).toEqual(['github.com/go-chi/chi/v5', 'gorm.io/driver/sqlite']);
  });

  it('maps a workspace module\'s import path to its folder', () => {
    const workspace = [source('api/main.go', ['example.com/lib/x']), ...sources.slice(4)];
    const graph = importGraph(workspace, [{ dir: 'api', path: 'example.com/api' }, { dir: 'lib', path: 'example.com/lib' }], 'api');
    expect([...graph.dirs].sort()).toEqual(['api', 'lib/x']);
    expect([...graph.external]).toEqual(['golang.org/x/text']);
  });
});
