import puppeteer from 'puppeteer-core';
const [file, sel, out] = process.argv.slice(2);
const b = await puppeteer.launch({executablePath:'/usr/bin/chromium', args:['--no-sandbox']});
const p = await b.newPage(); await p.setViewport({width: 1100, height: 900});
await p.goto('file://' + file);
const el = await p.$(sel); await el.screenshot({path: out});
await b.close();
