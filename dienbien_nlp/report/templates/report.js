(function(){var b=document.body;
document.querySelectorAll('input[data-toggle]').forEach(function(cb){
var f=function(){b.classList.toggle(cb.getAttribute('data-toggle'),!cb.checked);};
cb.addEventListener('change',f);f();});
var q=document.getElementById('doc-filter');
function fold(t){return t.normalize('NFD').replace(/[\u0300-\u036f]/g,'').replace(/[đĐ]/g,'d').toLowerCase();}
if(q){q.addEventListener('input',function(){var w=fold(q.value);
  document.querySelectorAll('table.documents tbody tr').forEach(function(tr){
    tr.style.display=fold(tr.textContent).indexOf(w)<0?'none':'';});});}
document.documentElement.setAttribute('data-report-ready','1');})();
