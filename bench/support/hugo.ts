/**
 * The baseline: the same posts as a Hugo site with a minimal theme written here. Hugo renders one
 * page per post, the home page and the /posts/ section as paginated lists (20 per page), a
 * paginated page per topic and per region (taxonomies), and its default RSS feeds and sitemap.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface HugoPost {
  title: string;
  slug: string;
  date: string;
  excerpt: string | null;
  body: string;
  topics: string[];
  region: string | null;
}

export function hugoVersion(): string | undefined {
  const result = spawnSync('hugo', ['version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

const config = `baseURL = "https://iro-network.test/"
languageCode = "en-gb"
title = "IRO network (Hugo baseline)"
paginate = 20
enableRobotsTXT = true
[taxonomies]
  topic = "topics"
  region = "regions"
[markup.goldmark.renderer]
  unsafe = false
`;

const layouts: Record<string, string> = {
  '_default/baseof.html': `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ .Title }} | {{ .Site.Title }}{{ end }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ .Summary | plainify | truncate 160 }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav><ul><li><a href="{{ "/posts/" | relURL }}">News</a></li><li><a href="{{ "/topics/" | relURL }}">Topics</a></li><li><a href="{{ "/regions/" | relURL }}">Regions</a></li></ul></nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><p>&copy; {{ .Site.Title }}</p></footer>
</body>
</html>
`,
  '_default/single.html': `{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ with .GetTerms "regions" }} · {{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}{{ end }}</p>
{{ .Content }}
{{ with .GetTerms "topics" }}<h2>Topics</h2><ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
</article>
{{ end }}
`,
  '_default/list.html': `{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = where .Site.RegularPages "Section" "posts" }}{{ end }}
{{ $paginator := .Paginate $pages.ByDate.Reverse }}
<ul class="posts">
{{ range $paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>{{ with .Description }}<p>{{ . }}</p>{{ end }}</li>
{{ end }}
</ul>
<nav><ul class="pagination">
{{ if $paginator.HasPrev }}<li><a href="{{ $paginator.Prev.URL }}">Newer</a></li>{{ end }}
<li>Page {{ $paginator.PageNumber }} of {{ $paginator.TotalPages }}</li>
{{ if $paginator.HasNext }}<li><a href="{{ $paginator.Next.URL }}">Older</a></li>{{ end }}
</ul></nav>
{{ end }}
`,
};

const yamlString = (value: string) => JSON.stringify(value);

/** Writes the Hugo site (config, layouts, one Markdown file per post) into `dir`. */
export function writeHugoSite(dir: string, posts: HugoPost[]): void {
  writeFileSync(path.join(dir, 'hugo.toml'), config);
  for (const [file, text] of Object.entries(layouts)) {
    mkdirSync(path.dirname(path.join(dir, 'layouts', file)), { recursive: true });
    writeFileSync(path.join(dir, 'layouts', file), text);
  }
  const content = path.join(dir, 'content', 'posts');
  mkdirSync(content, { recursive: true });
  writeFileSync(path.join(content, '_index.md'), '---\ntitle: "News"\n---\n');
  for (const post of posts) {
    const frontMatter = [
      '---',
      `title: ${yamlString(post.title)}`,
      `slug: ${yamlString(post.slug)}`,
      `date: ${post.date}`,
      ...(post.excerpt ? [`description: ${yamlString(post.excerpt)}`] : []),
      `topics: [${post.topics.map(yamlString).join(', ')}]`,
      ...(post.region ? [`regions: [${yamlString(post.region)}]`] : []),
      '---',
    ].join('\n');
    writeFileSync(path.join(content, `${post.slug}.md`), `${frontMatter}\n\n${post.body}\n`);
  }
}
