// 社区矫正手机端：签到前用浏览器定位填入位置（未授权时仍可签到，位置记为未提供）。
(function () {
  var state = document.getElementById("place-state");
  if (!state) return;
  if (!navigator.geolocation) { state.textContent = "本机浏览器不支持定位，可直接签到。"; return; }
  navigator.geolocation.getCurrentPosition(function (pos) {
    document.getElementById("latitude").value = pos.coords.latitude.toFixed(6);
    document.getElementById("longitude").value = pos.coords.longitude.toFixed(6);
    document.getElementById("accuracy").value = Math.round(pos.coords.accuracy);
    state.textContent = "已获取位置（精度约 " + Math.round(pos.coords.accuracy) + " 米）。";
  }, function () { state.textContent = "未能获取位置（可能未授权定位），仍可签到，位置将记为未提供。"; }, {enableHighAccuracy: true, timeout: 10000});
})();
