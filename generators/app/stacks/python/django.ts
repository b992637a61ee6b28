import type { Repo } from '../../core/repo.js';

export interface DjangoProject {
  settingsModule: string;
  /** gunicorn's `module:callable`, from WSGI_APPLICATION (or the conventional <project>.wsgi). */
  wsgi: string | null;
  /** STATIC_ROOT is set, so `collectstatic` has somewhere to write and runs in the builder. */
  collectstatic: boolean;
  evidence: string[];
}

/** `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "x.settings")`, or a dict entry `"DJANGO_SETTINGS_MODULE": "x.settings"`. */
const SETTINGS_MODULE = /DJANGO_SETTINGS_MODULE["']\s*[,:]\s*["']([\w.]+)["']/;

/** The settings files of a module: `mysite/settings.py`, or every file of a `mysite/settings/` package. */
function settingsFiles(repo: Repo, module: string): string[] {
  const base = module.replace(/\./g, '/');
  if (repo.exists(`${base}.py`)) return [`${base}.py`];
  return repo.files().filter((file) => file.startsWith(`${base}/`) && file.endsWith('.py'));
}

/** Reads manage.py and the settings it names; null when this is not a Django project. */
export function readDjango(repo: Repo): DjangoProject | null {
  const manage = repo.readIfExists('manage.py');
  const settingsModule = manage ? SETTINGS_MODULE.exec(manage)?.[1] : undefined;
  if (!settingsModule) return null;
  const evidence = [`manage.py: Django project, settings in ${settingsModule}`];
  const files = settingsFiles(repo, settingsModule);
  const text = files.map((file) => repo.read(file)).join('\n');
  const settingsFile = files[0] ?? `${settingsModule.replace(/\./g, '/')}.py`;

  let wsgi: string | null = null;
  const declared = /^WSGI_APPLICATION\s*=\s*["']([\w.]+)\.(\w+)["']/m.exec(text);
  if (declared) {
    wsgi = `${declared[1]}:${declared[2]}`;
    evidence.push(`${settingsFile}: WSGI_APPLICATION = "${declared[1]}.${declared[2]}", the WSGI callable ${wsgi}`);
  } else {
    const project = settingsModule.split('.')[0];
    if (repo.exists(`${project}/wsgi.py`)) {
      wsgi = `${project}.wsgi:application`;
      evidence.push(`${project}/wsgi.py: no WSGI_APPLICATION in the settings; using the conventional ${wsgi}`);
    }
  }

  const collectstatic = /^STATIC_ROOT\s*=/m.test(text) && /["']django\.contrib\.staticfiles["']/.test(text);
  if (collectstatic) evidence.push(`${settingsFile}: STATIC_ROOT and django.contrib.staticfiles, so collectstatic runs in the builder`);
  else if (/^STATIC_URL\s*=/m.test(text)) evidence.push(`${settingsFile}: STATIC_URL without STATIC_ROOT; collectstatic skipped (set STATIC_ROOT to serve static files)`);
  return { settingsModule, wsgi, collectstatic, evidence };
}
