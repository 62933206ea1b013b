(function(){var h=document.documentElement,errs=[];
function rec(m){errs.push(String(m));h.setAttribute('data-js-errors',errs.join(' | '));}
window.addEventListener('error',function(e){var t=e.target;
  rec(e.message||('resource failed: '+((t&&(t.src||t.href))||'?').slice(0,80)));},true);
window.addEventListener('unhandledrejection',function(e){rec('unhandled rejection: '+e.reason);});
document.addEventListener('securitypolicyviolation',function(e){rec('blocked by policy: '+e.blockedURI);});
var ce=console.error;
console.error=function(){rec(Array.prototype.join.call(arguments,' '));return ce.apply(console,arguments);};
window.addEventListener('load',function(){var imgs=document.images,ok=0;
for(var i=0;i<imgs.length;i++){if(imgs[i].complete&&imgs[i].naturalWidth>0){ok++;}
  else{rec('image not decoded: '+(imgs[i].alt||i));}}
h.setAttribute('data-images',ok+'/'+imgs.length);});
})();
