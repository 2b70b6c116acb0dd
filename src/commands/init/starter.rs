//! What a new site starts with in each bundled language: the language's name and settings, the
//! label of the one category, and the first story, written here in each language.

/// A language newsroom ships UI strings for (`i18n/<code>.yaml` is in the binary).
pub struct StarterLanguage {
    pub code: &'static str,
    pub name: &'static str,
    /// The BCP 47 tag, where it is not the code.
    pub tag: Option<&'static str>,
    pub right_to_left: bool,
    /// The label of the starter category, `news`.
    pub news: &'static str,
    pub welcome_title: &'static str,
    /// `{file}` is the story's file, `{new}` the command that starts another.
    pub welcome_body: &'static str,
}

const fn language(
    code: &'static str,
    name: &'static str,
    news: &'static str,
    welcome_title: &'static str,
    welcome_body: &'static str,
) -> StarterLanguage {
    StarterLanguage {
        code,
        name,
        tag: None,
        right_to_left: false,
        news,
        welcome_title,
        welcome_body,
    }
}

pub const LANGUAGES: &[StarterLanguage] = &[
    language(
        "en",
        "English",
        "News",
        "Welcome to your newsroom",
        "This is the first story of your new site. Change it in `{file}`, or start another with `{new}`.",
    ),
    language(
        "ko",
        "한국어",
        "뉴스",
        "뉴스룸에 오신 것을 환영합니다",
        "새 사이트의 첫 기사입니다. `{file}` 파일에서 고치거나, `{new}` 명령으로 새 기사를 시작하세요.",
    ),
    StarterLanguage {
        tag: Some("zh-Hans"),
        ..language(
            "zh",
            "中文",
            "新闻",
            "欢迎来到你的新闻编辑部",
            "这是新网站的第一篇报道。可以在 `{file}` 中修改，或用 `{new}` 开始写另一篇。",
        )
    },
    language(
        "fr",
        "Français",
        "Actualités",
        "Bienvenue dans votre rédaction",
        "Voici le premier article de votre nouveau site. Modifiez-le dans `{file}`, ou commencez-en un autre avec `{new}`.",
    ),
    language(
        "es",
        "Español",
        "Noticias",
        "Bienvenido a su redacción",
        "Esta es la primera noticia de su nuevo sitio. Edítela en `{file}` o empiece otra con `{new}`.",
    ),
    language(
        "ja",
        "日本語",
        "ニュース",
        "ニュースルームへようこそ",
        "新しいサイトの最初の記事です。`{file}` で編集するか、`{new}` で次の記事を始めてください。",
    ),
    language(
        "ru",
        "Русский",
        "Новости",
        "Добро пожаловать в вашу редакцию",
        "Это первая статья вашего нового сайта. Измените её в `{file}` или начните новую командой `{new}`.",
    ),
    language(
        "vi",
        "Tiếng Việt",
        "Tin tức",
        "Chào mừng đến với tòa soạn của bạn",
        "Đây là bài đầu tiên của trang mới. Hãy sửa nó trong `{file}`, hoặc bắt đầu bài khác bằng `{new}`.",
    ),
    language(
        "id",
        "Bahasa Indonesia",
        "Berita",
        "Selamat datang di ruang redaksi Anda",
        "Ini berita pertama di situs baru Anda. Ubah di `{file}`, atau mulai berita lain dengan `{new}`.",
    ),
    StarterLanguage {
        right_to_left: true,
        ..language(
            "ar",
            "العربية",
            "أخبار",
            "مرحبًا بك في غرفة الأخبار",
            "هذا أول خبر في موقعك الجديد. عدّله في `{file}`، أو ابدأ خبرًا آخر بالأمر `{new}`.",
        )
    },
    language(
        "de",
        "Deutsch",
        "Nachrichten",
        "Willkommen in Ihrer Redaktion",
        "Dies ist der erste Artikel Ihrer neuen Website. Bearbeiten Sie ihn in `{file}` oder beginnen Sie einen neuen mit `{new}`.",
    ),
];

pub fn find(code: &str) -> Option<&'static StarterLanguage> {
    LANGUAGES.iter().find(|language| language.code == code)
}
