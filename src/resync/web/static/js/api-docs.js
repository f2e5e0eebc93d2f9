// The API reference at /docs: Swagger UI over /openapi.json, served from this server
// (no CDN, no inline script, so the page keeps the strict Content-Security-Policy).
const root = document.getElementById("swagger-ui");
window.SwaggerUIBundle({
  url: root.dataset.openapiUrl,
  domNode: root,
  deepLinking: true,
  tryItOutEnabled: false,
});
