using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using StackExchange.Redis;

namespace Web.Infrastructure;

/// <summary>
/// Data-protection keys shared by every Web replica through Redis, so a cookie or antiforgery token
/// issued by one replica is valid on another (Microsoft.AspNetCore.DataProtection.StackExchangeRedis
/// does the same but does not restore here).
/// </summary>
internal sealed class RedisXmlRepository(IConnectionMultiplexer redis) : IXmlRepository
{
    private const string Key = "web:dataprotection:keys";

    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. redis.GetDatabase().ListRange(Key).Select(v => XElement.Parse(v.ToString()))];

    public void StoreElement(XElement element, string friendlyName) =>
        redis.GetDatabase().ListRightPush(Key, element.ToString(SaveOptions.DisableFormatting));
}
