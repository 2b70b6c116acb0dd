//! Planning: every output file of the site as a `Job`, in a stable order, with the collisions
//! between them reported as errors naming both sources.

use super::*;
use rayon::prelude::*;

impl Site {
    /// Every page of the site, in a stable order. Two pages that would write one file are an
    /// error naming both sources.
    pub fn plan(&self, diagnostics: &mut Diagnostics) -> Vec<Job> {
        let mut jobs = vec![
            Job {
                kind: JobKind::Root,
                path: String::new(),
            },
            Job {
                kind: JobKind::NotFound,
                path: "404.html".to_string(),
            },
        ];
        for language in &self.config.languages {
            let code = &language.code;
            jobs.push(Job {
                kind: JobKind::Front {
                    language: code.clone(),
                },
                path: format!("{code}/"),
            });
            jobs.push(Job {
                kind: JobKind::LanguageNotFound {
                    language: code.clone(),
                },
                path: format!("{code}/404.html"),
            });
            for category in &self.config.categories {
                let ids: Vec<ArticleId> = self
                    .articles_in(code)
                    .filter(|(_, a)| a.category == category.key)
                    .map(|(id, _)| id)
                    .collect();
                let slug = self.config.category_slug(code, &category.key);
                for (position, articles) in self.list_pages(&ids) {
                    jobs.push(Job {
                        path: category_page_path(code, slug, position.page),
                        kind: JobKind::Category {
                            language: code.clone(),
                            category: category.key.clone(),
                            position,
                            articles,
                        },
                    });
                }
            }
        }
        // Room for the pages still to come (lists, feeds, sitemaps: about a sixth of the stories
        // on a news site), so that the push past the stories does not double the vector.
        let stories = self.articles.len() + self.taken_down.len() + self.pages.len();
        jobs.reserve(stories + stories / 4 + 1024);
        jobs.par_extend((0..self.articles.len()).into_par_iter().map(|id| Job {
            kind: JobKind::Article(id),
            path: self.article_path(id),
        }));
        jobs.extend((0..self.taken_down.len()).map(|index| Job {
            kind: JobKind::TakenDown(index),
            path: self.taken_down_path(index),
        }));
        jobs.extend((0..self.pages.len()).map(|id| Job {
            kind: JobKind::Page(id),
            path: self.page_path(id),
        }));
        for language in &self.config.languages {
            self.plan_language_extras(&language.code, &mut jobs);
        }
        self.plan_discovery(&mut jobs);
        self.plan_variants(&mut jobs);
        self.plan_aliases(&mut jobs, diagnostics);
        self.report_collisions(&jobs, diagnostics);
        jobs.shrink_to_fit();
        jobs
    }

    /// Tag pages, the date archive and the feeds of one language.
    fn plan_language_extras(&self, code: &str, jobs: &mut Vec<Job>) {
        let ids: Vec<ArticleId> = self.articles_in(code).map(|(id, _)| id).collect();
        for format in FeedFormat::ALL {
            jobs.push(Job {
                kind: JobKind::Feed {
                    format,
                    language: code.to_string(),
                    category: None,
                    articles: ids.iter().copied().take(FEED_SIZE).collect(),
                },
                path: format!("{code}/{}", format.file_name()),
            });
            for category in &self.config.categories {
                jobs.push(Job {
                    kind: JobKind::Feed {
                        format,
                        language: code.to_string(),
                        category: Some(category.key.clone()),
                        articles: ids
                            .iter()
                            .copied()
                            .filter(|id| self.articles[*id].category == category.key)
                            .take(FEED_SIZE)
                            .collect(),
                    },
                    path: format!(
                        "{code}/{}/{}",
                        self.config.category_slug(code, &category.key),
                        format.file_name()
                    ),
                });
            }
        }

        let tags = self.tags_in(code);
        jobs.push(Job {
            kind: JobKind::TagIndex {
                language: code.to_string(),
                tags: tags
                    .iter()
                    .map(|(tag, ids)| (tag.clone(), ids.len()))
                    .collect(),
            },
            path: format!("{code}/tags/"),
        });
        for (tag, tag_ids) in tags {
            for (position, articles) in self.list_pages(&tag_ids) {
                jobs.push(Job {
                    path: tag_page_path(code, &tag.slug, position.page),
                    kind: JobKind::Tag {
                        language: code.to_string(),
                        tag: tag.clone(),
                        position,
                        total_articles: (position.page == ListPage::Newest)
                            .then_some(tag_ids.len()),
                        articles,
                    },
                });
            }
        }

        self.plan_authors(code, jobs);
        self.plan_search(code, jobs);

        let months = self.months_in(code);
        jobs.push(Job {
            kind: JobKind::ArchiveIndex {
                language: code.to_string(),
                months: months
                    .iter()
                    .map(|((y, m), ids)| (*y, *m, ids.len()))
                    .collect(),
            },
            path: format!("{code}/archive/"),
        });
        for ((year, month), month_ids) in months {
            jobs.push(Job {
                path: archive_path(code, year, month),
                kind: JobKind::Archive {
                    language: code.to_string(),
                    year,
                    month,
                    articles: month_ids,
                },
            });
        }
    }

    /// Every declared author's pages in the language, with or without stories in it.
    fn plan_authors(&self, code: &str, jobs: &mut Vec<Job>) {
        for author in &self.config.authors {
            let ids: Vec<ArticleId> = self
                .articles_in(code)
                .filter(|(_, a)| {
                    a.bylines
                        .iter()
                        .any(|b| b.key.as_deref() == Some(author.key.as_str()))
                })
                .map(|(id, _)| id)
                .collect();
            for (position, articles) in self.list_pages(&ids) {
                jobs.push(Job {
                    path: author_page_path(code, &author.key, position.page),
                    kind: JobKind::Author {
                        language: code.to_string(),
                        author: author.key.clone(),
                        position,
                        articles,
                    },
                });
            }
        }
    }

    /// Sitemaps, the news sitemap, robots.txt.
    fn plan_discovery(&self, jobs: &mut Vec<Job>) {
        let languages = &self.config.languages;
        // Each entry names every version of its page, which takes a while on a big archive: the
        // entries are made in parallel, in job order, each tagged with its language's place.
        let tagged: Vec<(usize, SitemapEntry)> = jobs
            .par_iter()
            .filter(|job| job.kind.in_sitemap())
            .filter_map(|job| {
                let code = self.job_language(job)?;
                let place = languages.iter().position(|l| l.code == code)?;
                Some((place, self.sitemap_entry(job)))
            })
            .collect();
        let mut by_language: Vec<Vec<SitemapEntry>> = vec![Vec::new(); languages.len()];
        for (place, entry) in tagged {
            by_language[place].push(entry);
        }
        let mut sitemaps = Vec::new();
        for (language, entries) in languages.iter().zip(by_language) {
            for (index, part) in sitemap_parts(entries).into_iter().enumerate() {
                let path = if index == 0 {
                    format!("sitemaps/{}.xml", language.code)
                } else {
                    format!("sitemaps/{}-{}.xml", language.code, index + 1)
                };
                sitemaps.push(path.clone());
                jobs.push(Job {
                    kind: JobKind::Sitemap { entries: part },
                    path,
                });
            }
        }
        let window_start = self.now - chrono::Duration::hours(NEWS_WINDOW_HOURS);
        let mut news: Vec<ArticleId> = (0..self.articles.len())
            .filter(|id| {
                let written = self.articles[*id].written.with_timezone(&Utc);
                written > window_start && written <= self.now
            })
            .collect();
        news.sort_by_key(|id| std::cmp::Reverse(self.articles[*id].written));
        news.truncate(NEWS_LIMIT);
        jobs.push(Job {
            kind: JobKind::NewsSitemap { articles: news },
            path: "news-sitemap.xml".to_string(),
        });
        jobs.push(Job {
            kind: JobKind::SitemapIndex {
                sitemaps: sitemaps.clone(),
            },
            path: "sitemap.xml".to_string(),
        });
        jobs.push(Job {
            kind: JobKind::Robots {
                sitemaps: vec!["sitemap.xml".to_string(), "news-sitemap.xml".to_string()],
            },
            path: "robots.txt".to_string(),
        });
    }

    /// An HTML page at every alias, and one `_redirects` file listing them all. An alias that is
    /// the address of a real page, or another story's alias, is an error.
    fn plan_aliases(&self, jobs: &mut Vec<Job>, diagnostics: &mut Diagnostics) {
        let base_path = self.config.base_path().to_string();
        let mut rules = Vec::new();
        let mut claimed: BTreeMap<String, &PathBuf> = BTreeMap::new();
        let mut alias_jobs = Vec::new();
        let existing: std::collections::BTreeSet<String> =
            jobs.iter().map(Job::output_file).collect();
        let sources = self
            .articles
            .iter()
            .enumerate()
            .map(|(id, a)| (&a.aliases, &a.alias_lines, &a.source, self.article_path(id)))
            .chain(
                self.pages
                    .iter()
                    .enumerate()
                    .map(|(id, p)| (&p.aliases, &p.alias_lines, &p.source, self.page_path(id))),
            );
        // A category's former addresses in a language lead to its localised one.
        let category_aliases: Vec<(Vec<String>, Vec<usize>, PathBuf, String)> = self
            .config
            .categories
            .iter()
            .flat_map(|category| {
                category.former_slugs.iter().map(|(code, former)| {
                    let current = self.config.category_slug(code, &category.key);
                    (
                        former
                            .iter()
                            .map(|slug| format!("/{code}/{slug}/"))
                            .collect(),
                        Vec::new(),
                        PathBuf::from(crate::config::SITE_FILE),
                        category_page_path(code, current, ListPage::Newest),
                    )
                })
            })
            .collect();
        let sources = sources.chain(
            category_aliases
                .iter()
                .map(|(aliases, lines, source, target)| (aliases, lines, source, target.clone())),
        );
        for (aliases, lines, source, target) in sources {
            for (index, alias) in aliases.iter().enumerate() {
                let at = Location::line(source, lines.get(index).copied());
                let path = alias.trim_start_matches('/').to_string();
                let job = Job {
                    kind: JobKind::Alias {
                        target: target.clone(),
                        source: source.clone(),
                    },
                    path: path.clone(),
                };
                if existing.contains(&job.output_file()) {
                    diagnostics.error(
                        at,
                        format!("the alias {alias} is the address of an existing page; remove it from aliases"),
                    );
                    continue;
                }
                if let Some(first) = claimed.get(&job.output_file()) {
                    diagnostics.error(
                        at,
                        format!(
                            "the alias {alias} is also an alias of {}; an old address can lead to one story only",
                            display_path(first)
                        ),
                    );
                    continue;
                }
                claimed.insert(job.output_file(), source);
                rules.push((
                    format!("{base_path}{}", path),
                    format!("{base_path}{target}"),
                    301,
                ));
                alias_jobs.push(job);
            }
        }
        // Hosts that honour `_redirects` answer a taken-down story's address with 410 Gone, which
        // tells search engines to drop it sooner than a 404; the notice page is the body.
        for index in 0..self.taken_down.len() {
            let path = format!("{base_path}{}", self.taken_down_path(index));
            rules.push((path.clone(), path, 410));
        }
        rules.sort();
        alias_jobs.sort_by(|a, b| a.path.cmp(&b.path));
        jobs.extend(alias_jobs);
        jobs.push(Job {
            kind: JobKind::Redirects {
                rules,
                languages: self
                    .config
                    .languages
                    .iter()
                    .map(|l| l.code.clone())
                    .collect(),
            },
            path: "_redirects".to_string(),
        });
    }

    /// A list's stories (newest first) as its pages, the list's own URL first. Numbered pages
    /// hold `page_size` stories each, counted from the oldest, so a new story never moves a story
    /// from one numbered page to another. The list's own URL holds the stories not yet on a full
    /// page plus the newest full page: between `page_size` and `2 * page_size - 1` stories once
    /// there are that many. Every story is on exactly one page, and the newest page is never
    /// short or empty while there are older stories. An empty list still has its one page.
    fn list_pages(&self, ids: &[ArticleId]) -> Vec<(ListPosition, Vec<ArticleId>)> {
        let size = self.config.page_size.max(1);
        let numbered = (ids.len() / size).saturating_sub(1);
        // Numbered page n is the n-th chunk of `size` from the end of the newest-first list.
        let chunk = |n: usize| &ids[ids.len() - n * size..ids.len() - (n - 1) * size];
        let mut pages = vec![(
            ListPosition {
                page: ListPage::Newest,
                newer: None,
                older: (numbered > 0).then_some(numbered),
            },
            ids[..ids.len() - numbered * size].to_vec(),
        )];
        pages.extend((1..=numbered).map(|n| {
            let newer = if n < numbered {
                ListPage::Numbered(n + 1)
            } else {
                ListPage::Newest
            };
            (
                ListPosition {
                    page: ListPage::Numbered(n),
                    newer: Some(newer),
                    older: (n > 1).then(|| n - 1),
                },
                chunk(n).to_vec(),
            )
        }));
        pages
    }

    fn report_collisions(&self, jobs: &[Job], diagnostics: &mut Diagnostics) {
        // Sorted by file, then by place among the jobs: a file's claimants side by side.
        let mut files: Vec<(String, usize)> = jobs
            .par_iter()
            .enumerate()
            .map(|(index, job)| (job.output_file(), index))
            .collect();
        files.par_sort_unstable();
        for claims in files.chunk_by(|a, b| a.0 == b.0).filter(|c| c.len() > 1) {
            let file = &claims[0].0;
            let claimants: Vec<&Job> = claims.iter().map(|(_, index)| &jobs[*index]).collect();
            let origins: Vec<Origin> = claimants.iter().map(|j| self.origin(j)).collect();
            let names: Vec<String> = origins
                .iter()
                .map(|origin| match origin {
                    Origin::Source(path) => display_path(path),
                    Origin::Alias { target, .. } => format!("an alias of /{target}"),
                    Origin::Generated(what) => what.clone(),
                })
                .collect();
            let url = format!("/{}", claimants[0].path);
            // Each story or page involved is told; generated pages have no file to fix.
            for path in origins.iter().filter_map(|origin| match origin {
                Origin::Source(path) => Some(path),
                _ => None,
            }) {
                let others: Vec<&String> =
                    names.iter().filter(|n| **n != display_path(path)).collect();
                diagnostics.error(
                    Location::file(path),
                    format!(
                        "writes the same URL {url} ({file}) as {}; give one of them another slug",
                        others
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(" and ")
                    ),
                );
            }
        }
    }
}

impl Site {
    /// A job per variant of every photo the pages show, in path order.
    fn plan_variants(&self, jobs: &mut Vec<Job>) {
        for (source, set) in &self.photos {
            jobs.extend(set.variants.iter().enumerate().map(|(index, variant)| Job {
                kind: JobKind::Variant {
                    source: source.clone(),
                    index,
                },
                path: variant.file.clone(),
            }));
        }
    }
}

/// A language's sitemap entries cut into files of at most `SITEMAP_LIMIT`; a language without
/// pages still has its one (empty) sitemap.
fn sitemap_parts(entries: Vec<SitemapEntry>) -> Vec<Vec<SitemapEntry>> {
    let mut parts = Vec::new();
    let mut entries = entries.into_iter().peekable();
    while entries.peek().is_some() || parts.is_empty() {
        parts.push(entries.by_ref().take(SITEMAP_LIMIT).collect());
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(count: usize) -> Vec<SitemapEntry> {
        (0..count)
            .map(|n| SitemapEntry {
                path: format!("en/{n}/"),
                lastmod: None,
                alternates: Vec::new(),
            })
            .collect()
    }

    #[test]
    fn sitemap_parts_are_full_but_the_last_and_a_language_without_pages_has_one() {
        assert_eq!(sitemap_parts(Vec::new()), vec![Vec::new()]);
        let parts = sitemap_parts(entries(SITEMAP_LIMIT + 1));
        assert_eq!(
            parts.iter().map(Vec::len).collect::<Vec<_>>(),
            vec![SITEMAP_LIMIT, 1]
        );
        assert_eq!(parts[1][0].path, format!("en/{SITEMAP_LIMIT}/"));
        assert_eq!(sitemap_parts(entries(SITEMAP_LIMIT)).len(), 1);
    }
}
