// Progressive enhancement of the order page: shows times in the shopper's own time zone, and while the order is
// not final fetches the page every 2 s (while the tab is visible, for at most 10 minutes) and, when the status
// changed, updates the region in place; aria-live="polite" announces it. Without script the page has a Refresh link
// and UTC times.
(() => {
    const localTimes = root => root.querySelectorAll("time[datetime]").forEach(t => {
        t.textContent = new Date(t.dateTime).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
    });
    const region = document.getElementById("order-live");
    const until = Date.now() + 10 * 60 * 1000;
    localTimes(document);
    const poll = async () => {
        if (!document.hidden) {
            try {
                const response = await fetch(location.href, { headers: { Accept: "text/html" }, cache: "no-store" });
                if (response.ok) {
                    const page = new DOMParser().parseFromString(await response.text(), "text/html");
                    const next = page.getElementById("order-live");
                    const status = s => s.querySelector(".order-status")?.dataset.status;
                    if (next && status(next) !== status(region)) {
                        localTimes(next);
                        region.innerHTML = next.innerHTML;
                        region.dataset.final = next.dataset.final;
                        document.querySelector("h1").textContent = page.querySelector("h1").textContent;
                    }
                }
            } catch { /* offline for a moment: the next poll tries again */ }
        }
        if (region.dataset.final !== "true" && Date.now() < until) setTimeout(poll, 2000);
    };
    if (region && region.dataset.final !== "true") setTimeout(poll, 2000);
})();
