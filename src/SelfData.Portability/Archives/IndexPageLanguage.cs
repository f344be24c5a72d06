namespace SelfData.Portability.Archives;

/// <summary>Specifies the language of an archive's <c>index.html</c>, the page the person reads.</summary>
public enum IndexPageLanguage
{
    /// <summary>English (<c>lang="en"</c>).</summary>
    English,

    /// <summary>French (<c>lang="fr"</c>).</summary>
    French,
}
